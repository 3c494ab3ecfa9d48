package lodestar.delivery;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.OUTBOX;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;

/**
 * The outbox table: messages waiting for Slack, claimed one sender at a time, and what came of each. Enqueueing runs
 * in the caller's transaction, so that a message exists exactly when the change that causes it does.
 */
public final class Outbox {
    static final String PENDING = "pending";
    static final String SENT = "sent";
    static final String REFUSED = "refused";
    static final String CANCELLED = "cancelled";
    /** Rows to a multi-row insert: well within PostgreSQL's limit on a statement's parameters. */
    private static final int ROWS_PER_INSERT = 1_000;

    /** What became of a message, for a feature that asks. */
    public record Status(
            long id,
            String state,
            String method,
            String channel,
            Optional<String> conversation,
            Optional<String> ts,
            Optional<String> error) {
        public boolean pending() {
            return state.equals(PENDING);
        }
    }

    private Outbox() {}

    /**
     * Adds the message in the caller's transaction, unless its dedupe key is taken in its workspace; returns its id
     * when it was added.
     */
    public static Optional<Long> enqueue(DSLContext tx, Message message, Instant now) {
        return enqueue(tx, message, now, Duration.ZERO);
    }

    /**
     * Like {@link #enqueue(DSLContext, Message, Instant)}, for a message its caller delivers itself right after the
     * transaction (with {@link Courier#deliver}, to tell someone the outcome): background senders leave it alone for
     * {@code heldFor}, and take it over after that if the caller never did (it stopped, or its queue is long).
     */
    public static Optional<Long> enqueue(DSLContext tx, Message message, Instant now, Duration heldFor) {
        return tx.insertInto(OUTBOX)
                .set(OUTBOX.TEAM_ID, message.teamId())
                .set(OUTBOX.KIND, message.kind())
                .set(OUTBOX.DEDUPE_KEY, message.dedupeKey())
                .set(OUTBOX.METHOD, message.method())
                .set(OUTBOX.CHANNEL, message.channel())
                .set(OUTBOX.PAYLOAD, JSONB.valueOf(payload(message).toString()))
                .set(OUTBOX.SUBJECT, message.subject().orElse(null))
                .set(OUTBOX.CREATED_AT, utc(now))
                .set(OUTBOX.NOT_BEFORE, utc(now.plus(heldFor)))
                .onConflict(OUTBOX.TEAM_ID, OUTBOX.DEDUPE_KEY)
                .doNothing()
                .returning(OUTBOX.ID)
                .fetchOptional(OUTBOX.ID);
    }

    /**
     * Adds the messages in the caller's transaction, a thousand to a statement (a survey's DMs to thousands of people
     * take a few round trips, not one each), skipping those whose dedupe key is taken in its workspace; returns how
     * many were added. They are delivered in the order given.
     */
    public static int enqueueAll(DSLContext tx, List<Message> messages, Instant now) {
        int added = 0;
        for (int from = 0; from < messages.size(); from += ROWS_PER_INSERT) {
            var insert = tx.insertInto(
                    OUTBOX,
                    OUTBOX.TEAM_ID,
                    OUTBOX.KIND,
                    OUTBOX.DEDUPE_KEY,
                    OUTBOX.METHOD,
                    OUTBOX.CHANNEL,
                    OUTBOX.PAYLOAD,
                    OUTBOX.SUBJECT,
                    OUTBOX.CREATED_AT,
                    OUTBOX.NOT_BEFORE);
            for (var message : messages.subList(from, Math.min(messages.size(), from + ROWS_PER_INSERT))) {
                insert = insert.values(
                        message.teamId(),
                        message.kind(),
                        message.dedupeKey(),
                        message.method(),
                        message.channel(),
                        JSONB.valueOf(payload(message).toString()),
                        message.subject().orElse(null),
                        utc(now),
                        utc(now));
            }
            added += insert.onConflict(OUTBOX.TEAM_ID, OUTBOX.DEDUPE_KEY)
                    .doNothing()
                    .execute();
        }
        return added;
    }

    /**
     * Withdraws a message that has not gone out and is not being sent; true when it was withdrawn (false: it was
     * sent, refused, is on its way, or never existed).
     */
    public static boolean cancel(DSLContext tx, String teamId, String dedupeKey, Instant now) {
        return tx.update(OUTBOX)
                        .set(OUTBOX.STATE, CANCELLED)
                        .set(OUTBOX.DONE_AT, utc(now))
                        .where(OUTBOX.TEAM_ID.eq(teamId), OUTBOX.DEDUPE_KEY.eq(dedupeKey), OUTBOX.STATE.eq(PENDING))
                        .and(OUTBOX.CLAIMED_UNTIL.isNull().or(OUTBOX.CLAIMED_UNTIL.lt(utc(now))))
                        .and(OUTBOX.IN_FLIGHT.isFalse())
                        .execute()
                == 1;
    }

    /**
     * Withdraws every message of {@code kind} about {@code subject} that has not gone out and is not being sent (a
     * closed survey's DMs still waiting), in one statement; returns how many were withdrawn.
     */
    public static int cancelAbout(DSLContext tx, String teamId, String kind, String subject, Instant now) {
        return tx.update(OUTBOX)
                .set(OUTBOX.STATE, CANCELLED)
                .set(OUTBOX.DONE_AT, utc(now))
                .where(
                        OUTBOX.TEAM_ID.eq(teamId),
                        OUTBOX.KIND.eq(kind),
                        OUTBOX.SUBJECT.eq(subject),
                        OUTBOX.STATE.eq(PENDING))
                .and(OUTBOX.CLAIMED_UNTIL.isNull().or(OUTBOX.CLAIMED_UNTIL.lt(utc(now))))
                .and(OUTBOX.IN_FLIGHT.isFalse())
                .execute();
    }

    public static Optional<Status> status(DSLContext dsl, String teamId, String dedupeKey) {
        return dsl.select(
                        OUTBOX.ID,
                        OUTBOX.STATE,
                        OUTBOX.METHOD,
                        OUTBOX.CHANNEL,
                        OUTBOX.CONVERSATION,
                        OUTBOX.TS,
                        OUTBOX.ERROR)
                .from(OUTBOX)
                .where(OUTBOX.TEAM_ID.eq(teamId), OUTBOX.DEDUPE_KEY.eq(dedupeKey))
                .fetchOptional(r -> new Status(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        Optional.ofNullable(r.value5()),
                        Optional.ofNullable(r.value6()),
                        Optional.ofNullable(r.value7())));
    }

    /** Claims the given message, due or held for its caller, if nobody holds it. */
    static Optional<Delivery> claim(DSLContext dsl, long id, UUID token, Instant now, Instant until) {
        return claim(dsl, OUTBOX.ID.eq(id), 1, token, now, until).stream().findFirst();
    }

    /** Claims up to {@code limit} due messages nobody holds, oldest first, skipping those another sender is claiming. */
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
                .execute();
    }

    /**
     * A message its caller leaves to the background senders, without claiming it, because its turn under Slack's rates
     * has not come (one held for the caller, {@link #enqueue(DSLContext, Message, Instant, Duration)}, included): due
     * from {@code at}; false when it is no longer pending or someone holds it now.
     */
    static boolean leaveFor(DSLContext dsl, long id, Instant now, Instant at) {
        return dsl.update(OUTBOX)
                        .set(OUTBOX.NOT_BEFORE, utc(at))
                        .where(OUTBOX.ID.eq(id), OUTBOX.STATE.eq(PENDING))
                        .and(OUTBOX.CLAIMED_UNTIL.isNull().or(OUTBOX.CLAIMED_UNTIL.lt(utc(now))))
                        .execute()
                == 1;
    }

    /** Deletes messages delivered or refused before {@code before}; returns how many. */
    static int forget(DSLContext dsl, Instant before) {
        return dsl.deleteFrom(OUTBOX)
                .where(OUTBOX.STATE.ne(PENDING), OUTBOX.DONE_AT.lt(utc(before)))
                .execute();
    }

    /** How many messages are waiting, due or not: for /healthz-style checks and tests. */
    static int pending(DSLContext dsl) {
        return dsl.fetchCount(OUTBOX, OUTBOX.STATE.eq(PENDING));
    }

    private static JsonObject payload(Message message) {
        var payload = new JsonObject();
        payload.addProperty("text", message.text());
        message.blocks().ifPresent(blocks -> payload.add("blocks", JsonParser.parseString(blocks)));
        message.threadTs().ifPresent(ts -> payload.addProperty("thread_ts", ts));
        message.ts().ifPresent(ts -> payload.addProperty("ts", ts));
        payload.addProperty("unfurl", message.unfurl());
        return payload;
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
