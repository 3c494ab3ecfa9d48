package lodestar.pulse;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.PULSE_EXCLUDED;
import static lodestar.db.schema.Tables.PULSE_RECIPIENT;
import static lodestar.db.schema.Tables.PULSE_RUN;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.db.schema.tables.records.PulseRunRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Runs of a series and whom each is for. Runs in the caller's transaction. */
final class RunRepository {
    /** A run this call closed. */
    record Closed(long id, String teamId) {}

    private final DSLContext dsl;

    RunRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insertRun(Series series, Instant opensAt, Instant closesAt, Instant remindAt) {
        return dsl.insertInto(PULSE_RUN)
                .set(PULSE_RUN.SERIES_ID, series.id())
                .set(PULSE_RUN.TEAM_ID, series.teamId())
                .set(PULSE_RUN.OPENS_AT, utc(opensAt))
                .set(PULSE_RUN.CLOSES_AT, utc(closesAt))
                .set(PULSE_RUN.REMIND_AT, utc(remindAt))
                .returning(PULSE_RUN.ID)
                .fetchSingle(PULSE_RUN.ID);
    }

    Optional<Run> run(String teamId, long runId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.TEAM_ID.eq(teamId), PULSE_RUN.ID.eq(runId))
                .fetchOptional(RunRepository::toRun);
    }

    /**
     * The run, its row locked against closing until the caller's transaction ends: an answer then either lands
     * before the close (and is counted with the rest) or sees the run closed.
     */
    Optional<Run> runForShare(String teamId, long runId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.TEAM_ID.eq(teamId), PULSE_RUN.ID.eq(runId))
                .forShare()
                .fetchOptional(RunRepository::toRun);
    }

    Optional<Run> runById(long runId) {
        return dsl.selectFrom(PULSE_RUN).where(PULSE_RUN.ID.eq(runId)).fetchOptional(RunRepository::toRun);
    }

    /** Counted runs of the workspace that closed before {@code asOf}, oldest first (the latest {@code limit}). */
    List<Run> closedRunsBefore(String teamId, Instant asOf, int limit) {
        return closedRunsBefore(teamId, asOf, asOf, limit);
    }

    /**
     * The runs counted and closed by {@code asOf}: every one closed since {@code since}, and the {@code before} latest
     * closed earlier, oldest first.
     */
    List<Run> closedRunsBefore(String teamId, Instant since, Instant asOf, int before) {
        var runs = new ArrayList<>(dsl.selectFrom(PULSE_RUN)
                .where(
                        PULSE_RUN.TEAM_ID.eq(teamId),
                        PULSE_RUN.TALLIED_AT.isNotNull(),
                        PULSE_RUN.CLOSES_AT.lt(utc(since)))
                .orderBy(PULSE_RUN.CLOSES_AT.desc(), PULSE_RUN.ID.desc())
                .limit(before)
                .fetch(RunRepository::toRun));
        Collections.reverse(runs);
        if (since.isBefore(asOf) || since.equals(asOf)) {
            runs.addAll(dsl.selectFrom(PULSE_RUN)
                    .where(
                            PULSE_RUN.TEAM_ID.eq(teamId),
                            PULSE_RUN.TALLIED_AT.isNotNull(),
                            PULSE_RUN.CLOSES_AT.ge(utc(since)),
                            PULSE_RUN.CLOSES_AT.le(utc(asOf)))
                    .orderBy(PULSE_RUN.CLOSES_AT, PULSE_RUN.ID)
                    .fetch(RunRepository::toRun));
        }
        return runs;
    }

    /**
     * Someone a run was sent to: a channel survey's member (no DM due), or someone whose DM Slack took. A DM not sent
     * (its run closed before it was due, or Slack refused it) reached nobody, and counts toward no response rate.
     */
    static final Condition SENT_TO = PULSE_RECIPIENT.DUE_AT.isNull().or(PULSE_RECIPIENT.MESSAGE_TS.isNotNull());

    /** How many people each run was sent to. */
    Map<Long, Integer> audiences(Collection<Long> runIds) {
        return dsl.select(PULSE_RECIPIENT.RUN_ID, DSL.count())
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.in(runIds), SENT_TO)
                .groupBy(PULSE_RECIPIENT.RUN_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    List<Run> runsOf(long seriesId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.SERIES_ID.eq(seriesId))
                .orderBy(PULSE_RUN.OPENS_AT)
                .fetch(RunRepository::toRun);
    }

    /** Open runs whose audience is not (fully) known yet: resolved again on every tick until it is. */
    List<Run> unresolvedRuns() {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.AUDIENCE_RESOLVED_AT.isNull(), PULSE_RUN.CLOSED_AT.isNull())
                .orderBy(PULSE_RUN.ID)
                .fetch(RunRepository::toRun);
    }

    void markAudienceResolved(long runId, Instant now) {
        dsl.update(PULSE_RUN)
                .set(PULSE_RUN.AUDIENCE_RESOLVED_AT, utc(now))
                .where(PULSE_RUN.ID.eq(runId), PULSE_RUN.AUDIENCE_RESOLVED_AT.isNull())
                .execute();
    }

    /** Recipients and members left out: the members of the run that need no looking up. */
    Set<String> settledMembers(long runId) {
        return new HashSet<>(dsl.select(PULSE_RECIPIENT.USER_ID)
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.eq(runId))
                .union(dsl.select(PULSE_EXCLUDED.USER_ID).from(PULSE_EXCLUDED).where(PULSE_EXCLUDED.RUN_ID.eq(runId)))
                .fetch(0, String.class));
    }

    void exclude(long runId, String userId) {
        dsl.insertInto(PULSE_EXCLUDED)
                .set(PULSE_EXCLUDED.RUN_ID, runId)
                .set(
                        PULSE_EXCLUDED.TEAM_ID,
                        DSL.select(PULSE_RUN.TEAM_ID).from(PULSE_RUN).where(PULSE_RUN.ID.eq(runId)))
                .set(PULSE_EXCLUDED.USER_ID, userId)
                .onConflictDoNothing()
                .execute();
    }

    void addRecipient(long runId, String userId, Instant dueAt) {
        dsl.insertInto(PULSE_RECIPIENT)
                .set(PULSE_RECIPIENT.RUN_ID, runId)
                .set(
                        PULSE_RECIPIENT.TEAM_ID,
                        DSL.select(PULSE_RUN.TEAM_ID).from(PULSE_RUN).where(PULSE_RUN.ID.eq(runId)))
                .set(PULSE_RECIPIENT.USER_ID, userId)
                .set(PULSE_RECIPIENT.DUE_AT, dueAt == null ? null : utc(dueAt))
                .onConflictDoNothing()
                .execute();
    }

    boolean isRecipient(long runId, String userId) {
        return dsl.fetchExists(PULSE_RECIPIENT, PULSE_RECIPIENT.RUN_ID.eq(runId), PULSE_RECIPIENT.USER_ID.eq(userId));
    }

    /** Everyone the run is for, DMs not sent yet included. */
    int audience(long runId) {
        return dsl.fetchCount(PULSE_RECIPIENT, PULSE_RECIPIENT.RUN_ID.eq(runId));
    }

    /**
     * Closes runs past their deadline (or the one given), once: returns the runs this call closed. A run closed early
     * gets its deadline moved to now, so that the digest and the trends count it from the moment it closed.
     */
    List<Closed> close(Instant now, Long onlyRun) {
        var condition = PULSE_RUN.CLOSED_AT.isNull();
        condition = onlyRun == null
                ? condition.and(PULSE_RUN.CLOSES_AT.le(utc(now)))
                : condition.and(PULSE_RUN.ID.eq(onlyRun));
        return dsl.update(PULSE_RUN)
                .set(PULSE_RUN.CLOSED_AT, utc(now))
                .set(PULSE_RUN.CLOSES_AT, DSL.least(PULSE_RUN.CLOSES_AT, DSL.val(utc(now))))
                .where(condition)
                .returning(PULSE_RUN.ID, PULSE_RUN.TEAM_ID)
                .fetch(r -> new Closed(r.getId(), r.getTeamId()));
    }

    /** Closed runs whose answers were not counted yet (a close whose counting failed or was cut off, too). */
    List<Long> untallied() {
        return dsl.select(PULSE_RUN.ID)
                .from(PULSE_RUN)
                .where(PULSE_RUN.CLOSED_AT.isNotNull(), PULSE_RUN.TALLIED_AT.isNull())
                .orderBy(PULSE_RUN.ID)
                .fetch(PULSE_RUN.ID);
    }

    /**
     * The closed run, locked for counting its answers; empty when it is counted already. It waits for the lock rather
     * than skipping it: an answer refused as the run closed may still hold it for a moment, and a count under way on
     * another instance is seen as done once it commits (the condition is checked again after the wait).
     */
    Optional<Run> lockToTally(long runId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.ID.eq(runId), PULSE_RUN.CLOSED_AT.isNotNull(), PULSE_RUN.TALLIED_AT.isNull())
                .forUpdate()
                .fetchOptional(RunRepository::toRun);
    }

    void tallied(long runId, int respondents, Instant now) {
        dsl.update(PULSE_RUN)
                .set(PULSE_RUN.RESPONDENTS, respondents)
                .set(PULSE_RUN.TALLIED_AT, utc(now))
                .where(PULSE_RUN.ID.eq(runId))
                .execute();
    }

    /** How many people answered each counted run. */
    Map<Long, Integer> respondentCounts(Collection<Long> runIds) {
        return dsl.select(PULSE_RUN.ID, PULSE_RUN.RESPONDENTS)
                .from(PULSE_RUN)
                .where(PULSE_RUN.ID.in(runIds), PULSE_RUN.RESPONDENTS.isNotNull())
                .fetchMap(PULSE_RUN.ID, PULSE_RUN.RESPONDENTS);
    }

    /** Everyone the run is for. */
    List<String> recipients(long runId) {
        return dsl.select(PULSE_RECIPIENT.USER_ID)
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.eq(runId))
                .fetch(PULSE_RECIPIENT.USER_ID);
    }

    private static Run toRun(PulseRunRecord r) {
        return new Run(
                r.getId(),
                r.getSeriesId(),
                r.getTeamId(),
                r.getOpensAt().toInstant(),
                r.getClosesAt().toInstant(),
                r.getRemindAt().toInstant(),
                Optional.ofNullable(r.getChannelId()),
                Optional.ofNullable(r.getMessageTs()),
                r.getClosedAt() != null,
                r.getTalliedAt() != null);
    }
}
