package lodestar.pulse;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.PULSE_ANSWER;
import static lodestar.db.schema.Tables.PULSE_EXCLUDED;
import static lodestar.db.schema.Tables.PULSE_PARTICIPATION;
import static lodestar.db.schema.Tables.PULSE_QUESTION;
import static lodestar.db.schema.Tables.PULSE_RECIPIENT;
import static lodestar.db.schema.Tables.PULSE_RUN;
import static lodestar.db.schema.Tables.PULSE_SERIES;
import static lodestar.db.schema.Tables.PULSE_USERGROUP;
import static lodestar.db.schema.Tables.PULSE_USERGROUP_LIST;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.db.schema.tables.records.PulseQuestionRecord;
import lodestar.db.schema.tables.records.PulseRunRecord;
import lodestar.db.schema.tables.records.PulseSeriesRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The pulse tables. Runs in the caller's transaction. */
final class PulseRepository {
    /** A run this call closed. */
    record Closed(long id, String teamId) {}

    /** How many answers of one run gave {@code value} (null for comments) to the question at {@code position}. */
    record Tally(long runId, int position, Integer value, long count) {}

    private final DSLContext dsl;

    PulseRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insertSeries(
            String teamId,
            String title,
            SeriesDraft draft,
            List<Question> questions,
            String createdBy,
            Instant nextOpenAt,
            Instant now) {
        long id = dsl.insertInto(PULSE_SERIES)
                .set(PULSE_SERIES.TEAM_ID, teamId)
                .set(PULSE_SERIES.TITLE, title)
                .set(PULSE_SERIES.TEMPLATE, draft.template().orElseThrow().code())
                .set(PULSE_SERIES.AUDIENCE_KIND, draft.audience().orElseThrow().code())
                .set(PULSE_SERIES.AUDIENCE_ID, draft.audienceId().orElseThrow())
                .set(PULSE_SERIES.ANONYMOUS, draft.anonymous())
                .set(PULSE_SERIES.MIN_GROUP, draft.minGroup())
                .set(PULSE_SERIES.OPEN_DAYS, draft.openDays())
                .set(PULSE_SERIES.RECURRENCE, draft.recurrence().code())
                .set(PULSE_SERIES.LOCAL_TIME, nextOpenAt.atZone(draft.zone()).toLocalTime())
                .set(PULSE_SERIES.ZONE, draft.zone().getId())
                .set(PULSE_SERIES.NEXT_OPEN_AT, utc(nextOpenAt))
                .set(PULSE_SERIES.CREATED_BY, createdBy)
                .set(PULSE_SERIES.CREATED_AT, utc(now))
                .returning(PULSE_SERIES.ID)
                .fetchSingle(PULSE_SERIES.ID);
        for (Question question : questions) {
            dsl.insertInto(PULSE_QUESTION)
                    .set(PULSE_QUESTION.SERIES_ID, id)
                    .set(PULSE_QUESTION.TEAM_ID, teamId)
                    .set(PULSE_QUESTION.POSITION, question.position())
                    .set(PULSE_QUESTION.KIND, question.kind().code())
                    .set(PULSE_QUESTION.TEXT, question.text())
                    .set(PULSE_QUESTION.OPTIONS, question.options().toArray(String[]::new))
                    .set(PULSE_QUESTION.BELIEF, question.belief())
                    .execute();
        }
        return id;
    }

    Optional<Series> series(String teamId, long id) {
        return dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId), PULSE_SERIES.ID.eq(id))
                .fetchOptional()
                .map(this::toSeries);
    }

    List<Series> seriesOf(String teamId) {
        return dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId))
                .orderBy(PULSE_SERIES.ID.desc())
                .limit(20)
                .fetch(this::toSeries);
    }

    /** Series whose next run opens before {@code before}, locked so that one instance creates each run. */
    List<Series> dueSeries(Instant before) {
        return dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.NEXT_OPEN_AT.le(utc(before)), PULSE_SERIES.PAUSED.isFalse())
                .forUpdate()
                .skipLocked()
                .fetch(this::toSeries);
    }

    Optional<Instant> nextOpenAt(long seriesId) {
        return dsl.select(PULSE_SERIES.NEXT_OPEN_AT)
                .from(PULSE_SERIES)
                .where(PULSE_SERIES.ID.eq(seriesId))
                .fetchOptional(PULSE_SERIES.NEXT_OPEN_AT)
                .map(OffsetDateTime::toInstant);
    }

    void setNextOpenAt(long seriesId, Instant next) {
        dsl.update(PULSE_SERIES)
                .set(PULSE_SERIES.NEXT_OPEN_AT, next == null ? null : utc(next))
                .where(PULSE_SERIES.ID.eq(seriesId))
                .execute();
    }

    void setPaused(long seriesId, boolean paused) {
        dsl.update(PULSE_SERIES)
                .set(PULSE_SERIES.PAUSED, paused)
                .where(PULSE_SERIES.ID.eq(seriesId))
                .execute();
    }

    long insertRun(Series series, Instant opensAt, Instant closesAt, Instant remindAt, byte[] secret) {
        return dsl.insertInto(PULSE_RUN)
                .set(PULSE_RUN.SERIES_ID, series.id())
                .set(PULSE_RUN.TEAM_ID, series.teamId())
                .set(PULSE_RUN.OPENS_AT, utc(opensAt))
                .set(PULSE_RUN.CLOSES_AT, utc(closesAt))
                .set(PULSE_RUN.REMIND_AT, utc(remindAt))
                .set(PULSE_RUN.ANSWER_SECRET, secret)
                .returning(PULSE_RUN.ID)
                .fetchSingle(PULSE_RUN.ID);
    }

    Optional<Run> run(String teamId, long runId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.TEAM_ID.eq(teamId), PULSE_RUN.ID.eq(runId))
                .fetchOptional(PulseRepository::toRun);
    }

    /**
     * The run, its row locked against closing until the caller's transaction ends: an answer then either lands
     * before the close (and is anonymised with the rest) or sees the run closed.
     */
    Optional<Run> runForShare(String teamId, long runId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.TEAM_ID.eq(teamId), PULSE_RUN.ID.eq(runId))
                .forShare()
                .fetchOptional(PulseRepository::toRun);
    }

    Optional<Run> runById(long runId) {
        return dsl.selectFrom(PULSE_RUN).where(PULSE_RUN.ID.eq(runId)).fetchOptional(PulseRepository::toRun);
    }

    /** Closed runs of the workspace that closed before {@code asOf}, oldest first (the latest {@code limit}). */
    List<Run> closedRunsBefore(String teamId, Instant asOf, int limit) {
        var runs = new ArrayList<>(dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.TEAM_ID.eq(teamId), PULSE_RUN.CLOSED_AT.isNotNull(), PULSE_RUN.CLOSES_AT.le(utc(asOf)))
                .orderBy(PULSE_RUN.CLOSES_AT.desc(), PULSE_RUN.ID.desc())
                .limit(limit)
                .fetch(PulseRepository::toRun));
        Collections.reverse(runs);
        return runs;
    }

    /** Several series with their questions, in two queries. */
    Map<Long, Series> seriesByIds(String teamId, Collection<Long> ids) {
        var questions = dsl.selectFrom(PULSE_QUESTION)
                .where(PULSE_QUESTION.SERIES_ID.in(ids))
                .orderBy(PULSE_QUESTION.POSITION)
                .fetchGroups(PULSE_QUESTION.SERIES_ID, PulseRepository::toQuestion);
        Map<Long, Series> series = new HashMap<>();
        dsl.selectFrom(PULSE_SERIES)
                .where(PULSE_SERIES.TEAM_ID.eq(teamId), PULSE_SERIES.ID.in(ids))
                .forEach(r -> series.put(r.getId(), toSeries(r, questions.getOrDefault(r.getId(), List.of()))));
        return series;
    }

    /** How often each value was given to each question of the runs (value null: comments), in one query. */
    List<Tally> tallies(Collection<Long> runIds) {
        return dsl.select(PULSE_ANSWER.RUN_ID, PULSE_ANSWER.POSITION, PULSE_ANSWER.VALUE, DSL.count())
                .from(PULSE_ANSWER)
                .where(PULSE_ANSWER.RUN_ID.in(runIds))
                .groupBy(PULSE_ANSWER.RUN_ID, PULSE_ANSWER.POSITION, PULSE_ANSWER.VALUE)
                .fetch(r -> new Tally(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** How many people each run was sent to. */
    Map<Long, Integer> audiences(Collection<Long> runIds) {
        return dsl.select(PULSE_RECIPIENT.RUN_ID, DSL.count())
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.in(runIds))
                .groupBy(PULSE_RECIPIENT.RUN_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    /** How many people answered each run. */
    Map<Long, Integer> respondentCounts(Collection<Long> runIds) {
        return dsl.select(PULSE_PARTICIPATION.RUN_ID, DSL.count())
                .from(PULSE_PARTICIPATION)
                .where(PULSE_PARTICIPATION.RUN_ID.in(runIds))
                .groupBy(PULSE_PARTICIPATION.RUN_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    Optional<byte[]> secret(long runId) {
        return dsl.select(PULSE_RUN.ANSWER_SECRET)
                .from(PULSE_RUN)
                .where(PULSE_RUN.ID.eq(runId))
                .fetchOptional(PULSE_RUN.ANSWER_SECRET);
    }

    List<Run> runsOf(long seriesId) {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.SERIES_ID.eq(seriesId))
                .orderBy(PULSE_RUN.OPENS_AT)
                .fetch(PulseRepository::toRun);
    }

    /** Open runs whose audience is not (fully) known yet: resolved again on every tick until it is. */
    List<Run> unresolvedRuns() {
        return dsl.selectFrom(PULSE_RUN)
                .where(PULSE_RUN.AUDIENCE_RESOLVED_AT.isNull(), PULSE_RUN.CLOSED_AT.isNull())
                .orderBy(PULSE_RUN.ID)
                .fetch(PulseRepository::toRun);
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

    Optional<Instant> usergroupsLoadedAt(String teamId) {
        return dsl.select(PULSE_USERGROUP_LIST.LOADED_AT)
                .from(PULSE_USERGROUP_LIST)
                .where(PULSE_USERGROUP_LIST.TEAM_ID.eq(teamId))
                .fetchOptional(PULSE_USERGROUP_LIST.LOADED_AT)
                .map(OffsetDateTime::toInstant);
    }

    void replaceUsergroups(String teamId, Map<String, String> idsByHandle, Instant now) {
        dsl.insertInto(PULSE_USERGROUP_LIST)
                .set(PULSE_USERGROUP_LIST.TEAM_ID, teamId)
                .set(PULSE_USERGROUP_LIST.LOADED_AT, utc(now))
                .onConflict(PULSE_USERGROUP_LIST.TEAM_ID)
                .doUpdate()
                .set(PULSE_USERGROUP_LIST.LOADED_AT, utc(now))
                .execute();
        dsl.deleteFrom(PULSE_USERGROUP)
                .where(PULSE_USERGROUP.TEAM_ID.eq(teamId))
                .execute();
        idsByHandle.forEach((handle, id) -> dsl.insertInto(PULSE_USERGROUP)
                .set(PULSE_USERGROUP.TEAM_ID, teamId)
                .set(PULSE_USERGROUP.HANDLE, handle)
                .set(PULSE_USERGROUP.USERGROUP_ID, id)
                .execute());
    }

    /** The user group ids by handle, or empty when the workspace's list was never loaded. */
    Optional<Map<String, String>> usergroups(String teamId) {
        if (usergroupsLoadedAt(teamId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dsl.select(PULSE_USERGROUP.HANDLE, PULSE_USERGROUP.USERGROUP_ID)
                .from(PULSE_USERGROUP)
                .where(PULSE_USERGROUP.TEAM_ID.eq(teamId))
                .fetchMap(PULSE_USERGROUP.HANDLE, PULSE_USERGROUP.USERGROUP_ID));
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

    int audience(long runId) {
        return dsl.fetchCount(PULSE_RECIPIENT, PULSE_RECIPIENT.RUN_ID.eq(runId));
    }

    int respondents(long runId) {
        return dsl.fetchCount(PULSE_PARTICIPATION, PULSE_PARTICIPATION.RUN_ID.eq(runId));
    }

    /** Recipients who have not answered: whom a reminder goes to. */
    List<String> nonRespondents(long runId) {
        return dsl.select(PULSE_RECIPIENT.USER_ID)
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.eq(runId))
                .andNotExists(DSL.selectOne()
                        .from(PULSE_PARTICIPATION)
                        .where(
                                PULSE_PARTICIPATION.RUN_ID.eq(runId),
                                PULSE_PARTICIPATION.USER_ID.eq(PULSE_RECIPIENT.USER_ID)))
                .orderBy(PULSE_RECIPIENT.USER_ID)
                .fetch(PULSE_RECIPIENT.USER_ID);
    }

    void participate(long runId, String userId) {
        dsl.insertInto(
                        PULSE_PARTICIPATION,
                        PULSE_PARTICIPATION.RUN_ID,
                        PULSE_PARTICIPATION.TEAM_ID,
                        PULSE_PARTICIPATION.USER_ID)
                .values(
                        DSL.val(runId),
                        DSL.field(DSL.select(PULSE_RUN.TEAM_ID).from(PULSE_RUN).where(PULSE_RUN.ID.eq(runId))),
                        DSL.val(userId))
                .onConflictDoNothing()
                .execute();
    }

    /** Records or replaces a person's answer; true when it replaced one. */
    boolean answer(long runId, int position, String answerKey, String userId, Integer value, String comment) {
        boolean existed = dsl.fetchExists(
                PULSE_ANSWER,
                PULSE_ANSWER.RUN_ID.eq(runId),
                PULSE_ANSWER.POSITION.eq(position),
                PULSE_ANSWER.ANSWER_KEY.eq(answerKey));
        dsl.insertInto(PULSE_ANSWER)
                .set(PULSE_ANSWER.RUN_ID, runId)
                .set(
                        PULSE_ANSWER.TEAM_ID,
                        DSL.select(PULSE_RUN.TEAM_ID).from(PULSE_RUN).where(PULSE_RUN.ID.eq(runId)))
                .set(PULSE_ANSWER.POSITION, position)
                .set(PULSE_ANSWER.ANSWER_KEY, answerKey)
                .set(PULSE_ANSWER.USER_ID, userId)
                .set(PULSE_ANSWER.VALUE, value)
                .set(PULSE_ANSWER.COMMENT, comment)
                .onConflict(PULSE_ANSWER.RUN_ID, PULSE_ANSWER.POSITION, PULSE_ANSWER.ANSWER_KEY)
                .doUpdate()
                .set(PULSE_ANSWER.VALUE, value)
                .set(PULSE_ANSWER.COMMENT, comment)
                .execute();
        return existed;
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
                .setNull(PULSE_RUN.ANSWER_SECRET)
                .where(condition)
                .returning(PULSE_RUN.ID, PULSE_RUN.TEAM_ID)
                .fetch(r -> new Closed(r.getId(), r.getTeamId()));
    }

    /**
     * Makes a closed run's answers and participation unlinkable: answer keys erased, and both tables' rows
     * rewritten in random order so that storage order says nothing about who answered when.
     */
    void anonymise(long runId) {
        var answers = dsl.selectFrom(PULSE_ANSWER)
                .where(PULSE_ANSWER.RUN_ID.eq(runId))
                .fetch();
        var people = dsl.select(PULSE_PARTICIPATION.USER_ID)
                .from(PULSE_PARTICIPATION)
                .where(PULSE_PARTICIPATION.RUN_ID.eq(runId))
                .fetch(PULSE_PARTICIPATION.USER_ID);
        dsl.deleteFrom(PULSE_ANSWER).where(PULSE_ANSWER.RUN_ID.eq(runId)).execute();
        dsl.deleteFrom(PULSE_PARTICIPATION)
                .where(PULSE_PARTICIPATION.RUN_ID.eq(runId))
                .execute();
        var shuffled = new ArrayList<>(answers);
        Collections.shuffle(shuffled, new java.security.SecureRandom());
        for (var answer : shuffled) {
            dsl.insertInto(PULSE_ANSWER)
                    .set(PULSE_ANSWER.RUN_ID, runId)
                    .set(PULSE_ANSWER.TEAM_ID, answer.getTeamId())
                    .set(PULSE_ANSWER.POSITION, answer.getPosition())
                    .set(PULSE_ANSWER.USER_ID, answer.getUserId())
                    .set(PULSE_ANSWER.VALUE, answer.getValue())
                    .set(PULSE_ANSWER.COMMENT, answer.getComment())
                    .execute();
        }
        var shuffledPeople = new ArrayList<>(people);
        Collections.shuffle(shuffledPeople, new java.security.SecureRandom());
        for (String userId : shuffledPeople) {
            participate(runId, userId);
        }
    }

    List<String> comments(long runId, int position) {
        return dsl.select(PULSE_ANSWER.COMMENT)
                .from(PULSE_ANSWER)
                .where(
                        PULSE_ANSWER.RUN_ID.eq(runId),
                        PULSE_ANSWER.POSITION.eq(position),
                        PULSE_ANSWER.COMMENT.isNotNull())
                .fetch(PULSE_ANSWER.COMMENT);
    }

    private Series toSeries(PulseSeriesRecord r) {
        return toSeries(
                r,
                dsl.selectFrom(PULSE_QUESTION)
                        .where(PULSE_QUESTION.SERIES_ID.eq(r.getId()))
                        .orderBy(PULSE_QUESTION.POSITION)
                        .fetch(PulseRepository::toQuestion));
    }

    private static Question toQuestion(PulseQuestionRecord q) {
        return new Question(
                q.getPosition(),
                Question.Kind.valueOf(q.getKind().toUpperCase(Locale.ROOT)),
                q.getText(),
                Arrays.asList(q.getOptions()),
                q.getBelief());
    }

    private static Series toSeries(PulseSeriesRecord r, List<Question> questions) {
        return new Series(
                r.getId(),
                r.getTeamId(),
                r.getTitle(),
                Template.valueOf(r.getTemplate().toUpperCase(Locale.ROOT)),
                Series.Audience.valueOf(r.getAudienceKind().toUpperCase(Locale.ROOT)),
                r.getAudienceId(),
                r.getAnonymous(),
                r.getMinGroup(),
                r.getOpenDays(),
                Recurrence.valueOf(r.getRecurrence().toUpperCase(Locale.ROOT)),
                r.getLocalTime(),
                ZoneId.of(r.getZone()),
                r.getPaused(),
                r.getCreatedBy(),
                questions);
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
                r.getClosedAt() != null);
    }
}
