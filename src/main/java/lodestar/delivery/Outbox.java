package lodestar.delivery;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.OUTBOX;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import lodestar.db.Prepared;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * The outbox table: messages waiting for Slack, claimed one sender at a time, and what came of each. Enqueueing runs
 * in the caller's transaction, so that a message exists exactly when the change that causes it does. Claiming them and
 * recording what came of each is {@link Deliveries}.
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
            Optional<String> error,
            Optional<String> subject) {
        public boolean pending() {
            return state.equals(PENDING);
        }

        /** Slack refused it for good ({@link #error}), or it could not be sent in time. */
        public boolean refused() {
            return state.equals(REFUSED);
        }
    }

    /** A message that has not gone out yet (whether a sender holds it or not): its key, and what it is about. */
    public record Waiting(String dedupeKey, Optional<String> subject) {}

    private static final Field<?>[] STATUS_COLUMNS = {
        OUTBOX.ID,
        OUTBOX.STATE,
        OUTBOX.METHOD,
        OUTBOX.CHANNEL,
        OUTBOX.CONVERSATION,
        OUTBOX.TS,
        OUTBOX.ERROR,
        OUTBOX.SUBJECT
    };
    /** What became of a message: asked after each command that sends one ({@link Prepared}). */
    private static final Prepared STATUS = Prepared.of(
            DSL.select(STATUS_COLUMNS)
                    .from(OUTBOX)
                    .where(
                            OUTBOX.TEAM_ID.eq(DSL.param("team", String.class)),
                            OUTBOX.DEDUPE_KEY.eq(DSL.param("dedupeKey", String.class))),
            "team",
            "dedupeKey");

    /** Every message's insert, rendered once ({@link Prepared}). */
    private static final Prepared ENQUEUE = Prepared.of(
            DSL.insertInto(OUTBOX)
                    .set(OUTBOX.TEAM_ID, DSL.param("team", String.class))
                    .set(OUTBOX.KIND, DSL.param("kind", String.class))
                    .set(OUTBOX.DEDUPE_KEY, DSL.param("dedupeKey", String.class))
                    .set(OUTBOX.METHOD, DSL.param("method", String.class))
                    .set(OUTBOX.CHANNEL, DSL.param("channel", String.class))
                    .set(OUTBOX.PAYLOAD, DSL.param("payload", JSONB.class))
                    .set(OUTBOX.SUBJECT, DSL.param("subject", String.class))
                    .set(OUTBOX.CREATED_AT, DSL.param("createdAt", OffsetDateTime.class))
                    .set(OUTBOX.NOT_BEFORE, DSL.param("notBefore", OffsetDateTime.class))
                    .onConflict(OUTBOX.TEAM_ID, OUTBOX.DEDUPE_KEY)
                    .doNothing()
                    .returning(OUTBOX.ID),
            "team",
            "kind",
            "dedupeKey",
            "method",
            "channel",
            "payload",
            "subject",
            "createdAt",
            "notBefore");

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
     * {@code heldFor}, and take it over after that if the caller never did (it stopped, or its queue is long). Also for
     * a message whose turn under Slack's rates is {@code heldFor} away ({@link SlackLimits#turnIfNotNow}): the
     * background senders send it then.
     */
    public static Optional<Long> enqueue(DSLContext tx, Message message, Instant now, Duration heldFor) {
        return ENQUEUE.fetchOptional(
                tx,
                Long.class,
                message.teamId(),
                message.kind(),
                message.dedupeKey(),
                message.method(),
                message.channel(),
                JSONB.valueOf(payload(message).toString()),
                message.subject().orElse(null),
                utc(now),
                utc(now.plus(heldFor)));
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
     * Deletes every message of {@code kind} about {@code subject} that is done with (sent, refused or withdrawn), rather
     * than keeping it for {@link Courier#KEPT}: for messages whose addressees alone tell something (who had not answered
     * a survey when it reminded them); returns how many.
     */
    public static int forgetAbout(DSLContext tx, String teamId, String kind, String subject) {
        return tx.deleteFrom(OUTBOX)
                .where(
                        OUTBOX.TEAM_ID.eq(teamId),
                        OUTBOX.KIND.eq(kind),
                        OUTBOX.SUBJECT.eq(subject),
                        OUTBOX.STATE.ne(PENDING))
                .execute();
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
        return STATUS.fetch(dsl, STATUS_COLUMNS, teamId, dedupeKey).stream()
                .findFirst()
                .map(r -> new Status(
                        r.get(OUTBOX.ID),
                        r.get(OUTBOX.STATE),
                        r.get(OUTBOX.METHOD),
                        r.get(OUTBOX.CHANNEL),
                        Optional.ofNullable(r.get(OUTBOX.CONVERSATION)),
                        Optional.ofNullable(r.get(OUTBOX.TS)),
                        Optional.ofNullable(r.get(OUTBOX.ERROR)),
                        Optional.ofNullable(r.get(OUTBOX.SUBJECT))));
    }

    /**
     * The workspace's messages of {@code kind} that have not gone out yet: for a feature that knows what a message is
     * about but not its key (the key names the request that caused it).
     */
    public static List<Waiting> waiting(DSLContext tx, String teamId, String kind) {
        return tx.select(OUTBOX.DEDUPE_KEY, OUTBOX.SUBJECT)
                .from(OUTBOX)
                .where(OUTBOX.TEAM_ID.eq(teamId), OUTBOX.KIND.eq(kind), OUTBOX.STATE.eq(PENDING))
                .fetch(r -> new Waiting(r.value1(), Optional.ofNullable(r.value2())));
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
}
