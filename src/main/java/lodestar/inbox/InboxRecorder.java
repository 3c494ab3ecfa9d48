package lodestar.inbox;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;
import static lodestar.inbox.InboxRepository.fromNow;

import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import lodestar.db.Database;
import lodestar.db.Prepared;
import lodestar.slack.SignatureRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectSelectStep;
import org.jooq.impl.DSL;

/**
 * Recording a command or a job before its ack, on the request threads' own connections, in one statement that waits
 * for the disk (the ack promises it is saved); signed commands that come together share that statement ({@link
 * GroupCommit}). The rest of its life is {@link InboxRepository}'s.
 */
final class InboxRecorder {
    /**
     * A command as stored: without the verification token Slack still sends (it is a credential); written in one pass,
     * on the request thread before the ack.
     */
    private static final Gson STORED = new GsonBuilder()
            .addSerializationExclusionStrategy(new ExclusionStrategy() {
                @Override
                public boolean shouldSkipField(FieldAttributes field) {
                    return field.getDeclaringClass() == SlashCommandPayload.class
                            && field.getName().equals("token");
                }

                @Override
                public boolean shouldSkipClass(Class<?> type) {
                    return false;
                }
            })
            .create();
    /** A command's columns (a batch's too, {@link InboxBatch}), and the names of the values that fill them, in order. */
    static final Field<?>[] COLUMNS = {
        COMMAND_INBOX.TEAM_ID,
        COMMAND_INBOX.COMMAND,
        COMMAND_INBOX.TRIGGER_ID,
        COMMAND_INBOX.PAYLOAD,
        COMMAND_INBOX.LONG_JOB,
        COMMAND_INBOX.RECEIVED_AT,
        COMMAND_INBOX.CLAIMED_BY,
        COMMAND_INBOX.LEASE_UNTIL,
        COMMAND_INBOX.ATTEMPTS
    };

    private static final String[] NAMES = {
        "team", "command", "key", "payload", "longJob", "receivedAt", "claimedBy", "leaseMillis", "attempts"
    };

    /**
     * Recording a job, or a command without a signature to record (Socket Mode) ({@link Prepared}: rendered once); a
     * lease of null is none.
     */
    private static final Prepared INSERT = Prepared.of(
            DSL.insertInto(COMMAND_INBOX)
                    .columns(COLUMNS)
                    .select(values())
                    .onConflictDoNothing()
                    .returning(COMMAND_INBOX.ID),
            NAMES);

    // The columns INSERT_SIGNED answers, defined before it: it is built with them.
    private static final Field<Long> SIGNED_ID = DSL.field(DSL.name("id"), Long.class);
    private static final Field<Boolean> SIGNATURE_NEW = DSL.field(DSL.name("signature_new"), Boolean.class);
    private static final Field<?>[] SIGNED = {SIGNED_ID, SIGNATURE_NEW};

    /**
     * Recording a slash command with the signature of its request, in one statement, the ack's one round trip: the
     * signature goes where the door keeps those every instance let in ({@code SeenSignatures}' table), and the command
     * only when its signature is new (not a replay). Answers the command's id (null when not recorded now) and whether
     * the signature was new.
     */
    private static final Prepared INSERT_SIGNED = insertSigned();

    private final DSLContext dsl;
    /** The signed commands request threads record at the same time, written together. */
    private final GroupCommit together;

    /**
     * On {@code dsl}: the request threads' own connections ({@link Database#ACK_POOL_SIZE}), which as many writers
     * of batches share, a command waiting for one at most as long as for a connection.
     */
    InboxRecorder(DSLContext dsl) {
        this.dsl = dsl;
        this.together = new GroupCommit(
                dsl,
                Database.ACK_POOL_SIZE,
                Database.ACK_CONNECTION_TIMEOUT,
                signed -> insertSigned(signed.signature(), signed.seenAt(), signed.entry()));
    }

    /**
     * A command or job to record: leased to {@code claimedBy} for {@code lease} when given, or free for any worker. A job
     * has no {@code longJob} (null): the version before claims by it, and must not take one.
     */
    record Recording(
            String teamId,
            String name,
            String key,
            String payload,
            Boolean longJob,
            Instant receivedAt,
            Optional<String> claimedBy,
            Duration lease) {
        /** Its values, in the order of {@link #NAMES} (a batch's too, {@link InboxBatch}). */
        Object[] values() {
            return new Object[] {
                teamId,
                name,
                key,
                payload,
                longJob,
                utc(receivedAt),
                claimedBy.orElse(null),
                claimedBy.isPresent() ? lease.toMillis() : null,
                claimedBy.isPresent() ? 1 : 0
            };
        }
    }

    /** Records an entry; empty when its key was recorded before. */
    Optional<Long> insert(Recording entry) {
        return INSERT.fetchOptional(dsl, Long.class, entry.values());
    }

    /**
     * Records an entry as {@link #insert} does; a slash command's ({@code command}) with its request's signature when
     * the door left that to this statement ({@link SignatureRecord}, told what became of it). Empty when not recorded
     * now: its key was recorded before, or its signature (a replay).
     */
    Optional<Long> record(boolean command, Recording entry) {
        var signature = command ? SignatureRecord.take() : Optional.<SignatureRecord>empty();
        if (signature.isEmpty()) {
            return insert(entry);
        }
        var signed = together.record(new InboxBatch.Signed(
                signature.get().signature(), signature.get().seenAt(), entry));
        signature.get().recorded(!signed.replayed());
        return signed.id();
    }

    /** The command as stored ({@link #STORED}). */
    static String stored(SlashCommandPayload command) {
        return STORED.toJson(command);
    }

    /**
     * Records an entry as {@link #insert} does, with the signature of the request that brings it, unless that signature
     * was recorded before (a replay, answered {@code replayed}: nothing recorded).
     */
    Signed insertSigned(String signature, Instant seenAt, Recording entry) {
        var values = Stream.concat(Stream.of(signature, utc(seenAt)), Arrays.stream(entry.values()))
                .toArray();
        var row = INSERT_SIGNED.fetch(dsl, SIGNED, values).get(0);
        return new Signed(Optional.ofNullable(row.get(SIGNED_ID)), !row.get(SIGNATURE_NEW));
    }

    /** What {@link #insertSigned} did: the command's id when recorded now; whether the signature was seen before. */
    record Signed(Optional<Long> id, boolean replayed) {}

    private static Prepared insertSigned() {
        var seen = DSL.name("seen")
                .as(DSL.insertInto(SLACK_REQUEST_SEEN, SLACK_REQUEST_SEEN.SIGNATURE, SLACK_REQUEST_SEEN.SEEN_AT)
                        .values(DSL.param("signature", String.class), DSL.param("seenAt", OffsetDateTime.class))
                        .onConflictDoNothing()
                        .returningResult(SLACK_REQUEST_SEEN.SIGNATURE));
        var recorded = DSL.name("recorded")
                .as(DSL.insertInto(COMMAND_INBOX)
                        .columns(COLUMNS)
                        .select(values().whereExists(DSL.selectOne().from(seen)))
                        .onConflictDoNothing()
                        .returningResult(COMMAND_INBOX.ID));
        return Prepared.of(
                DSL.with(seen)
                        .with(recorded)
                        .select(
                                DSL.field(DSL.select(recorded.field(COMMAND_INBOX.ID))
                                                .from(recorded))
                                        .as(SIGNED_ID.getName()),
                                DSL.field(DSL.exists(DSL.selectOne().from(seen)))
                                        .as(SIGNATURE_NEW.getName())),
                Stream.concat(Stream.of("signature", "seenAt"), Arrays.stream(NAMES))
                        .toArray(String[]::new));
    }

    /** A command's values, as parameters named {@link #NAMES}, for its {@link #COLUMNS}. */
    private static SelectSelectStep<? extends Record> values() {
        return DSL.select(
                DSL.param("team", String.class),
                DSL.param("command", String.class),
                DSL.param("key", String.class),
                DSL.param("payload", String.class),
                DSL.param("longJob", Boolean.class),
                DSL.param("receivedAt", OffsetDateTime.class),
                DSL.param("claimedBy", String.class),
                fromNow(DSL.param("leaseMillis", Long.class)),
                DSL.param("attempts", Integer.class));
    }
}
