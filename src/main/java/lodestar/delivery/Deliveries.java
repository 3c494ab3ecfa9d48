package lodestar.delivery;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.OUTBOX;
import static lodestar.delivery.Outbox.PENDING;
import static lodestar.delivery.Outbox.REFUSED;
import static lodestar.delivery.Outbox.SENT;

import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import lodestar.db.Commits;
import lodestar.db.Prepared;
import lodestar.db.schema.tables.records.OutboxRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/**
 * The outbox table as the courier's senders see it: messages claimed one sender at a time (each claim a transaction
 * of its own), marked on their way, then recorded as sent or refused, or given back until later, only while the
 * sender's claim holds; and messages done long ago deleted. Enqueueing, cancelling and asking after a message, the
 * features' side, is {@link Outbox}.
 *
 * <p>Only the mark "on its way" waits for the disk ({@link Commits}): lost in a crash of the database server, it would
 * let a message be sent again without first looking whether it was. The rest may be lost harmlessly, the WAL being
 * flushed in order: a claim lost before its mark was never sent; an outcome lost leaves the message marked on its way,
 * so that once its claim lapses it is looked for before being sent again ({@link SentBefore}; an update is simply
 * made again); a message given back lost is tried again when its claim lapses, one left for later lost goes at its
 * earlier time.
 */
final class Deliveries {
    /*
     * What every message goes through, rendered once (Prepared): a message claimed by its id, marked on its way,
     * recorded as sent, or left for the background senders.
     */
    private static final Prepared CLAIMABLE = Prepared.of(
            DSL.selectFrom(OUTBOX)
                    .where(OUTBOX.ID.eq(DSL.param("id", Long.class)), OUTBOX.STATE.eq(DSL.inline(PENDING)))
                    .and(OUTBOX.CLAIMED_UNTIL
                            .isNull()
                            .or(OUTBOX.CLAIMED_UNTIL.lt(DSL.param("now", OffsetDateTime.class))))
                    .forUpdate()
                    .skipLocked(),
            "id",
            "now");
    private static final Prepared CLAIM = Prepared.of(
            claimed().where(OUTBOX.ID.eq(DSL.param("id", Long.class))).and(Commits.withoutWaitingForTheDisk()),
            "token",
            "until",
            "id");
    private static final Prepared SENDING = Prepared.of(
            DSL.update(OUTBOX)
                    .set(OUTBOX.IN_FLIGHT, DSL.inline(true))
                    .set(OUTBOX.CLAIMED_UNTIL, DSL.param("until", OffsetDateTime.class))
                    .where(
                            OUTBOX.ID.eq(DSL.param("id", Long.class)),
                            OUTBOX.CLAIM_TOKEN.eq(DSL.param("token", UUID.class)),
                            OUTBOX.STATE.eq(DSL.inline(PENDING)))
                    .and(OUTBOX.CLAIMED_UNTIL.gt(DSL.param("now", OffsetDateTime.class))),
            "until",
            "id",
            "token",
            "now");
    private static final Prepared SENT_ONE = Prepared.of(
            DSL.update(OUTBOX)
                    .set(OUTBOX.STATE, DSL.inline(SENT))
                    .set(OUTBOX.CONVERSATION, DSL.param("conversation", String.class))
                    .set(OUTBOX.TS, DSL.param("ts", String.class))
                    .set(OUTBOX.IN_FLIGHT, DSL.inline(false))
                    .set(OUTBOX.DONE_AT, DSL.param("now", OffsetDateTime.class))
                    .set(OUTBOX.CLAIM_TOKEN, DSL.inline((UUID) null))
                    .set(OUTBOX.CLAIMED_UNTIL, DSL.inline((OffsetDateTime) null))
                    .where(
                            OUTBOX.ID.eq(DSL.param("id", Long.class)),
                            OUTBOX.CLAIM_TOKEN.eq(DSL.param("token", UUID.class)),
                            OUTBOX.STATE.eq(DSL.inline(PENDING)))
                    .and(Commits.withoutWaitingForTheDisk()),
            "conversation",
            "ts",
            "now",
            "id",
            "token");
    private static final Prepared LEAVE_FOR = Prepared.of(
            DSL.update(OUTBOX)
                    .set(OUTBOX.NOT_BEFORE, DSL.param("at", OffsetDateTime.class))
                    .where(OUTBOX.ID.eq(DSL.param("id", Long.class)), OUTBOX.STATE.eq(DSL.inline(PENDING)))
                    .and(OUTBOX.CLAIMED_UNTIL
                            .isNull()
                            .or(OUTBOX.CLAIMED_UNTIL.lt(DSL.param("now", OffsetDateTime.class))))
                    .and(Commits.withoutWaitingForTheDisk()),
            "at",
            "id",
            "now");

    private static final Prepared CLAIM_DUE = Prepared.of(
            claimed()
                    .where(OUTBOX.ID.eq(DSL.select(OUTBOX.ID)
                            .from(OUTBOX)
                            .where(
                                    OUTBOX.NOT_BEFORE.le(DSL.param("due", OffsetDateTime.class)),
                                    OUTBOX.STATE.eq(DSL.inline(PENDING)))
                            .and(OUTBOX.CLAIMED_UNTIL
                                    .isNull()
                                    .or(OUTBOX.CLAIMED_UNTIL.lt(DSL.param("now", OffsetDateTime.class))))
                            .orderBy(OUTBOX.NOT_BEFORE, OUTBOX.ID)
                            .limit(DSL.inline(1))
                            .forUpdate()
                            .skipLocked()))
                    .and(Commits.withoutWaitingForTheDisk())
                    .returning(OUTBOX.fields()),
            "token",
            "until",
            "due",
            "now");

    private Deliveries() {}

    /** A claim's changes: the claimant's token, until when it holds, one attempt more. */
    private static UpdateSetMoreStep<OutboxRecord> claimed() {
        return DSL.update(OUTBOX)
                .set(OUTBOX.CLAIM_TOKEN, DSL.param("token", UUID.class))
                .set(OUTBOX.CLAIMED_UNTIL, DSL.param("until", OffsetDateTime.class))
                .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(DSL.inline(1)));
    }

    /** Claims the given message, due or held for its caller, if nobody holds it. */
    static Optional<Delivery> claim(DSLContext dsl, long id, UUID token, Instant now, Instant until) {
        return dsl.transactionResult(tx -> {
            var rows = CLAIMABLE.fetch(tx.dsl(), OUTBOX.fields(), id, utc(now));
            if (rows.isEmpty()) {
                return Optional.<Delivery>empty();
            }
            CLAIM.execute(tx.dsl(), token, utc(until), id);
            return Optional.of(delivery(rows.get(0), token, false));
        });
    }

    /**
     * Claims the next due message nobody holds, oldest first, skipping one another sender is claiming: one statement,
     * as the senders poll it several times a second under load.
     */
    static Optional<Delivery> claimDue(DSLContext dsl, UUID token, Instant now, Instant until) {
        return CLAIM_DUE.fetch(dsl, OUTBOX.fields(), token, utc(until), utc(now), utc(now)).stream()
                .findFirst()
                .map(row -> delivery(row, token, true));
    }

    /**
     * Marks the claimed message as on its way, if its claim still holds at {@code now}, and extends it to
     * {@code until}: from now until its outcome is recorded, it is in doubt. False when the claim lapsed (another
     * sender may have it): then it must not be sent.
     */
    static boolean sending(DSLContext dsl, long id, UUID token, Instant now, Instant until) {
        return SENDING.execute(dsl, utc(until), id, token, utc(now)) == 1;
    }

    /** Records that Slack took the message; false when the claim was lost (the outcome is someone else's now). */
    static boolean sent(DSLContext tx, long id, UUID token, String conversation, String ts, Instant now) {
        return SENT_ONE.execute(tx, conversation, ts, utc(now), id, token) == 1;
    }

    /** Records that Slack refused the message for good (or it could not be sent in time). */
    static boolean refused(DSLContext tx, long id, UUID token, String error, Instant now) {
        return tx.update(OUTBOX)
                        .set(OUTBOX.STATE, REFUSED)
                        .set(OUTBOX.ERROR, error)
                        .set(OUTBOX.IN_FLIGHT, false)
                        .set(OUTBOX.DONE_AT, utc(now))
                        .setNull(OUTBOX.CLAIM_TOKEN)
                        .setNull(OUTBOX.CLAIMED_UNTIL)
                        .where(OUTBOX.ID.eq(id), OUTBOX.CLAIM_TOKEN.eq(token), OUTBOX.STATE.eq(PENDING))
                        .and(Commits.withoutWaitingForTheDisk())
                        .execute()
                == 1;
    }

    /**
     * Gives the claim back after a failure that may pass, to be tried again from {@code notBefore}. {@code inDoubt}
     * keeps it marked as possibly sent (the attempt's outcome is unknown: a dropped connection).
     */
    static void later(DSLContext dsl, long id, UUID token, Instant notBefore, String error, boolean inDoubt) {
        dsl.update(OUTBOX)
                .set(OUTBOX.NOT_BEFORE, utc(notBefore))
                .set(OUTBOX.ERROR, error)
                .set(OUTBOX.IN_FLIGHT, inDoubt)
                .setNull(OUTBOX.CLAIM_TOKEN)
                .setNull(OUTBOX.CLAIMED_UNTIL)
                .where(OUTBOX.ID.eq(id), OUTBOX.CLAIM_TOKEN.eq(token), OUTBOX.STATE.eq(PENDING))
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /**
     * A message its caller leaves to the background senders, without claiming it, because its turn under Slack's rates
     * has not come (one held for the caller, {@link Outbox#enqueue(DSLContext, Message, Instant, Duration)},
     * included): due from {@code at}; false when it is no longer pending or someone holds it now.
     */
    static boolean leaveFor(DSLContext dsl, long id, Instant now, Instant at) {
        return LEAVE_FOR.execute(dsl, utc(at), id, utc(now)) == 1;
    }

    /** Deletes messages delivered or refused before {@code before}; returns how many. */
    static int forget(DSLContext dsl, Instant before) {
        return dsl.deleteFrom(OUTBOX)
                .where(OUTBOX.STATE.ne(PENDING), OUTBOX.DONE_AT.lt(utc(before)))
                .and(Commits.withoutWaitingForTheDisk())
                .execute();
    }

    /** How many messages are waiting, due or not: for /healthz-style checks and tests. */
    static int pending(DSLContext dsl) {
        return dsl.fetchCount(OUTBOX, OUTBOX.STATE.eq(PENDING));
    }

    /** A message as read, before its claim counted an attempt, or as claimed ({@code counted}). */
    private static Delivery delivery(Record row, UUID token, boolean counted) {
        var r = row.into(OUTBOX);
        var payload = JsonParser.parseString(r.getPayload().data()).getAsJsonObject();
        var message = new Message(
                r.getTeamId(),
                r.getKind(),
                r.getDedupeKey(),
                r.getMethod(),
                r.getChannel(),
                payload.get("text").getAsString(),
                payload.has("blocks") ? Optional.of(payload.get("blocks").toString()) : Optional.empty(),
                payload.has("thread_ts") ? Optional.of(payload.get("thread_ts").getAsString()) : Optional.empty(),
                payload.has("ts") ? Optional.of(payload.get("ts").getAsString()) : Optional.empty(),
                payload.has("unfurl") && payload.get("unfurl").getAsBoolean(),
                Optional.ofNullable(r.getSubject()));
        return new Delivery(
                r.getId(),
                message,
                counted ? r.getAttempts() : r.getAttempts() + 1,
                r.getInFlight(),
                r.getCreatedAt().toInstant(),
                token,
                false);
    }
}
