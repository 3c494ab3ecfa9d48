package lodestar.delivery;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.OUTBOX;
import static lodestar.delivery.Outbox.PENDING;
import static lodestar.delivery.Outbox.REFUSED;
import static lodestar.delivery.Outbox.SENT;

import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lodestar.db.Commits;
import org.jooq.DSLContext;
import org.jooq.Record;

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
    private Deliveries() {}

    /** Claims the given message, due or held for its caller, if nobody holds it. */
    static Optional<Delivery> claim(DSLContext dsl, long id, UUID token, Instant now, Instant until) {
        return claim(dsl, OUTBOX.ID.eq(id), 1, token, now, until).stream().findFirst();
    }

    /**
     * Claims up to {@code limit} due messages nobody holds, oldest first, skipping those another sender is claiming.
     */
    static List<Delivery> claimDue(DSLContext dsl, int limit, UUID token, Instant now, Instant until) {
        return claim(dsl, OUTBOX.NOT_BEFORE.le(utc(now)), limit, token, now, until);
    }

    private static List<Delivery> claim(
            DSLContext dsl, org.jooq.Condition which, int limit, UUID token, Instant now, Instant until) {
        return dsl.transactionResult(tx -> {
            var rows = tx.dsl()
                    .selectFrom(OUTBOX)
                    .where(which, OUTBOX.STATE.eq(PENDING))
                    .and(OUTBOX.CLAIMED_UNTIL.isNull().or(OUTBOX.CLAIMED_UNTIL.lt(utc(now))))
                    .orderBy(OUTBOX.NOT_BEFORE, OUTBOX.ID)
                    .limit(limit)
                    .forUpdate()
                    .skipLocked()
                    .fetch();
            if (rows.isEmpty()) {
                return List.of();
            }
            tx.dsl()
                    .update(OUTBOX)
                    .set(OUTBOX.CLAIM_TOKEN, token)
                    .set(OUTBOX.CLAIMED_UNTIL, utc(until))
                    .set(OUTBOX.ATTEMPTS, OUTBOX.ATTEMPTS.plus(1))
                    .where(OUTBOX.ID.in(rows.map(r -> r.getId())))
                    .and(Commits.withoutWaitingForTheDisk())
                    .execute();
            return rows.map(r -> delivery(r, token));
        });
    }

    /**
     * Marks the claimed message as on its way, if its claim still holds at {@code now}, and extends it to
     * {@code until}: from now until its outcome is recorded, it is in doubt. False when the claim lapsed (another
     * sender may have it): then it must not be sent.
     */
    static boolean sending(DSLContext dsl, long id, UUID token, Instant now, Instant until) {
        return dsl.update(OUTBOX)
                        .set(OUTBOX.IN_FLIGHT, true)
                        .set(OUTBOX.CLAIMED_UNTIL, utc(until))
                        .where(OUTBOX.ID.eq(id), OUTBOX.CLAIM_TOKEN.eq(token), OUTBOX.STATE.eq(PENDING))
                        .and(OUTBOX.CLAIMED_UNTIL.gt(utc(now)))
                        .execute()
                == 1;
    }

    /** Records that Slack took the message; false when the claim was lost (the outcome is someone else's now). */
    static boolean sent(DSLContext tx, long id, UUID token, String conversation, String ts, Instant now) {
        return tx.update(OUTBOX)
                        .set(OUTBOX.STATE, SENT)
                        .set(OUTBOX.CONVERSATION, conversation)
                        .set(OUTBOX.TS, ts)
                        .set(OUTBOX.IN_FLIGHT, false)
                        .set(OUTBOX.DONE_AT, utc(now))
                        .setNull(OUTBOX.CLAIM_TOKEN)
                        .setNull(OUTBOX.CLAIMED_UNTIL)
                        .where(OUTBOX.ID.eq(id), OUTBOX.CLAIM_TOKEN.eq(token), OUTBOX.STATE.eq(PENDING))
                        .and(Commits.withoutWaitingForTheDisk())
                        .execute()
                == 1;
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
        return dsl.update(OUTBOX)
                        .set(OUTBOX.NOT_BEFORE, utc(at))
                        .where(OUTBOX.ID.eq(id), OUTBOX.STATE.eq(PENDING))
                        .and(OUTBOX.CLAIMED_UNTIL.isNull().or(OUTBOX.CLAIMED_UNTIL.lt(utc(now))))
                        .and(Commits.withoutWaitingForTheDisk())
                        .execute()
                == 1;
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

    private static Delivery delivery(Record row, UUID token) {
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
                r.getAttempts() + 1,
                r.getInFlight(),
                r.getCreatedAt().toInstant(),
                token,
                false);
    }
}
