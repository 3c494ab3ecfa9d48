package lodestar.pulse;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.PULSE_RECIPIENT;
import static lodestar.db.schema.Tables.PULSE_RUN;
import static lodestar.db.schema.Tables.PULSE_SERIES;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What pulse has handed to the outbox and what Slack took: a run's survey (its channel once enqueued, its ts once
 * posted), each recipient's DM ({@code sent_at} once enqueued, its conversation and ts once sent) and reminder
 * ({@code reminded_at} once enqueued), and whether a closed run was announced. Runs in the caller's transaction.
 */
final class PulseDeliveryRepository {
    /** A DM copy of a run's survey. */
    record DmCopy(String userId, PulseOutbox.Copy copy) {}

    private final DSLContext dsl;

    PulseDeliveryRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Open channel runs due to be posted whose survey was not enqueued yet. */
    List<Long> channelRunsToPost(Instant now) {
        return dsl.select(PULSE_RUN.ID)
                .from(PULSE_RUN)
                .join(PULSE_SERIES)
                .on(PULSE_SERIES.ID.eq(PULSE_RUN.SERIES_ID))
                .where(
                        PULSE_SERIES.AUDIENCE_KIND.eq(Series.Audience.CHANNEL.code()),
                        PULSE_RUN.CHANNEL_ID.isNull(),
                        PULSE_RUN.CLOSED_AT.isNull(),
                        PULSE_RUN.AUDIENCE_RESOLVED_AT.isNotNull(),
                        PULSE_RUN.OPENS_AT.le(utc(now)))
                .orderBy(PULSE_RUN.ID)
                .fetch(PULSE_RUN.ID);
    }

    /** Marks the run's survey enqueued for {@code channelId}; false when it was, or the run has closed. */
    boolean surveyEnqueued(long runId, String channelId) {
        return dsl.update(PULSE_RUN)
                        .set(PULSE_RUN.CHANNEL_ID, channelId)
                        .where(PULSE_RUN.ID.eq(runId), PULSE_RUN.CHANNEL_ID.isNull(), PULSE_RUN.CLOSED_AT.isNull())
                        .execute()
                == 1;
    }

    /** Records where the channel survey was posted; true when the run has closed meanwhile. */
    boolean surveyPosted(long runId, String channelId, String ts) {
        return dsl.update(PULSE_RUN)
                .set(PULSE_RUN.CHANNEL_ID, channelId)
                .set(PULSE_RUN.MESSAGE_TS, ts)
                .where(PULSE_RUN.ID.eq(runId))
                .returning(PULSE_RUN.CLOSED_AT)
                .fetchOptional(PULSE_RUN.CLOSED_AT)
                .isPresent();
    }

    /** Open runs with DMs due that were not enqueued yet. */
    List<Long> runsWithDueDms(Instant now) {
        return dsl.selectDistinct(PULSE_RECIPIENT.RUN_ID)
                .from(PULSE_RECIPIENT)
                .join(PULSE_RUN)
                .on(PULSE_RUN.ID.eq(PULSE_RECIPIENT.RUN_ID))
                .where(
                        PULSE_RECIPIENT.SENT_AT.isNull(),
                        PULSE_RECIPIENT.DUE_AT.le(utc(now)),
                        PULSE_RUN.CLOSED_AT.isNull())
                .orderBy(PULSE_RECIPIENT.RUN_ID)
                .fetch(PULSE_RECIPIENT.RUN_ID);
    }

    /** Marks the run's due DMs enqueued; returns whose they are, in user id order. */
    List<String> dueDmsEnqueued(long runId, Instant now) {
        return dsl
                .update(PULSE_RECIPIENT)
                .set(PULSE_RECIPIENT.SENT_AT, utc(now))
                .where(
                        PULSE_RECIPIENT.RUN_ID.eq(runId),
                        PULSE_RECIPIENT.SENT_AT.isNull(),
                        PULSE_RECIPIENT.DUE_AT.le(utc(now)))
                .returning(PULSE_RECIPIENT.USER_ID)
                .fetch(PULSE_RECIPIENT.USER_ID)
                .stream()
                .sorted()
                .toList();
    }

    void dmSent(long runId, String userId, String channelId, String ts) {
        dsl.update(PULSE_RECIPIENT)
                .set(PULSE_RECIPIENT.CHANNEL_ID, channelId)
                .set(PULSE_RECIPIENT.MESSAGE_TS, ts)
                .where(PULSE_RECIPIENT.RUN_ID.eq(runId), PULSE_RECIPIENT.USER_ID.eq(userId))
                .execute();
    }

    /**
     * Whether the run has closed, its row locked against closing until the caller's transaction ends: what the caller
     * enqueues or records while the run is open is then seen by the close (which withdraws what was not sent) and the
     * announcement (which closes every copy posted); what comes later sees the run closed.
     */
    boolean closedForShare(long runId) {
        return dsl.select(PULSE_RUN.CLOSED_AT)
                .from(PULSE_RUN)
                .where(PULSE_RUN.ID.eq(runId))
                .forShare()
                .fetchOptional(PULSE_RUN.CLOSED_AT)
                .isPresent();
    }

    /** The DMs of the run that Slack took, with where each went. */
    List<DmCopy> dmCopies(long runId) {
        return dsl.select(PULSE_RECIPIENT.USER_ID, PULSE_RECIPIENT.CHANNEL_ID, PULSE_RECIPIENT.MESSAGE_TS)
                .from(PULSE_RECIPIENT)
                .where(PULSE_RECIPIENT.RUN_ID.eq(runId), PULSE_RECIPIENT.MESSAGE_TS.isNotNull())
                .orderBy(PULSE_RECIPIENT.USER_ID)
                .fetch(r -> new DmCopy(r.value1(), new PulseOutbox.Copy(r.value2(), r.value3())));
    }

    /** Open runs with DM reminders due: between their reminder time and their close. */
    List<Long> runsWithDueReminders(Instant now) {
        return dsl.selectDistinct(PULSE_RECIPIENT.RUN_ID)
                .from(PULSE_RECIPIENT)
                .join(PULSE_RUN)
                .on(PULSE_RUN.ID.eq(PULSE_RECIPIENT.RUN_ID))
                .where(
                        PULSE_RECIPIENT.MESSAGE_TS.isNotNull(),
                        PULSE_RECIPIENT.REMINDED_AT.isNull(),
                        PULSE_RUN.CLOSED_AT.isNull(),
                        PULSE_RUN.REMIND_AT.le(utc(now)),
                        PULSE_RUN.CLOSES_AT.gt(utc(now)))
                .orderBy(PULSE_RECIPIENT.RUN_ID)
                .fetch(PULSE_RECIPIENT.RUN_ID);
    }

    /**
     * Marks a reminder due for each recipient of the run who was sent the survey and was not reminded; returns who
     * they are, in user id order. Those who have answered are left out by the caller, who can tell them.
     */
    List<String> dueRemindersEnqueued(long runId, Instant now) {
        return dsl
                .update(PULSE_RECIPIENT)
                .set(PULSE_RECIPIENT.REMINDED_AT, utc(now))
                .where(
                        PULSE_RECIPIENT.RUN_ID.eq(runId),
                        PULSE_RECIPIENT.MESSAGE_TS.isNotNull(),
                        PULSE_RECIPIENT.REMINDED_AT.isNull())
                .returning(PULSE_RECIPIENT.USER_ID)
                .fetch(PULSE_RECIPIENT.USER_ID)
                .stream()
                .sorted()
                .toList();
    }

    /** Open channel runs whose thread reminder is due and was not enqueued. */
    List<Long> channelRemindersDue(Instant now) {
        return dsl.select(PULSE_RUN.ID)
                .from(PULSE_RUN)
                .join(PULSE_SERIES)
                .on(PULSE_SERIES.ID.eq(PULSE_RUN.SERIES_ID))
                .where(
                        PULSE_SERIES.AUDIENCE_KIND.eq(Series.Audience.CHANNEL.code()),
                        PULSE_RUN.REMINDED_AT.isNull(),
                        PULSE_RUN.CLOSED_AT.isNull(),
                        PULSE_RUN.MESSAGE_TS.isNotNull(),
                        PULSE_RUN.REMIND_AT.le(utc(now)),
                        PULSE_RUN.CLOSES_AT.gt(utc(now)),
                        PULSE_RUN.OPENS_AT.le(utc(now)))
                .orderBy(PULSE_RUN.ID)
                .fetch(PULSE_RUN.ID);
    }

    /** Marks the run's thread reminder enqueued; false when it was, or the run has closed. */
    boolean channelReminderEnqueued(long runId, Instant now) {
        return dsl.update(PULSE_RUN)
                        .set(PULSE_RUN.REMINDED_AT, utc(now))
                        .where(PULSE_RUN.ID.eq(runId), PULSE_RUN.REMINDED_AT.isNull(), PULSE_RUN.CLOSED_AT.isNull())
                        .execute()
                == 1;
    }

    /**
     * The next closed run whose answers are counted and that was not announced yet, leaving out {@code skipped} and those another instance is announcing:
     * locked until the caller's transaction, which announces it, ends.
     */
    Optional<Long> nextToAnnounce(Collection<Long> skipped) {
        return dsl.select(PULSE_RUN.ID)
                .from(PULSE_RUN)
                .where(
                        PULSE_RUN.CLOSED_AT.isNotNull(),
                        PULSE_RUN.ANNOUNCED_AT.isNull(),
                        PULSE_RUN.TALLIED_AT.isNotNull(),
                        skipped.isEmpty() ? DSL.noCondition() : PULSE_RUN.ID.notIn(skipped))
                .orderBy(PULSE_RUN.ID)
                .limit(1)
                .forUpdate()
                .skipLocked()
                .fetchOptional(PULSE_RUN.ID);
    }

    void announced(long runId, Instant now) {
        dsl.update(PULSE_RUN)
                .set(PULSE_RUN.ANNOUNCED_AT, utc(now))
                .where(PULSE_RUN.ID.eq(runId))
                .execute();
    }
}
