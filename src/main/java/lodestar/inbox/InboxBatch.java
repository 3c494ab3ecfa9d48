package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;
import static lodestar.inbox.InboxRepository.fromNow;

import java.lang.reflect.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import lodestar.db.Prepared;
import lodestar.db.Timestamps;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Recording several slash commands, each with the signature of its request, in one statement and one wait for the
 * disk: what {@link InboxRecorder#insertSigned} does for one, done for the commands request threads record at the
 * same time ({@link GroupCommit}). Each command's outcome is its own, as if recorded alone, in the order given: a
 * replayed signature records nothing, a trigger id recorded before records the signature only. Two commands of one
 * batch never share a signature or a trigger id ({@link GroupCommit} puts such a one off to its next batch), so that
 * each outcome is read from the row its command made. The rows are written in the order given ({@code n}), the order
 * in which concurrent batches take their locks; the commands of one batch get their ids in that order, not in the
 * order they came, and are started so by workers that claim them later.
 */
final class InboxBatch {
    /** A command to record and the signature of the request that brought it. */
    record Signed(String signature, Instant seenAt, InboxRecorder.Recording entry) {}

    private static final Field<Long> ORDINAL = DSL.field(DSL.name("input", "n"), Long.class);
    private static final Field<Long> ID = DSL.field(DSL.name("id"), Long.class);
    private static final Field<Boolean> SIGNATURE_NEW = DSL.field(DSL.name("signature_new"), Boolean.class);
    private static final Field<?>[] ANSWERED = {ORDINAL, ID, SIGNATURE_NEW};

    /** The arrays a batch is given as, one element per command, and the columns {@code unnest} makes of them. */
    private static final String[] NAMES = {
        "signature",
        "seen_at",
        "team_id",
        "command",
        "trigger_id",
        "payload",
        "long_job",
        "received_at",
        "claimed_by",
        "lease_millis",
        "attempts"
    };

    private static final Prepared STATEMENT = statement();

    private InboxBatch() {}

    /**
     * Records {@code commands} (two or more, signatures and trigger ids all different); each one's outcome, in their
     * order.
     */
    static List<InboxRecorder.Signed> record(DSLContext dsl, List<Signed> commands) {
        int size = commands.size();
        var columns = columns(size);
        for (int i = 0; i < size; i++) {
            var command = commands.get(i);
            var values = command.entry().values();
            Array.set(columns[0], i, command.signature());
            Array.set(columns[1], i, Timestamps.utc(command.seenAt()).toString());
            for (int v = 0; v < values.length; v++) {
                Array.set(columns[v + 2], i, values[v] instanceof OffsetDateTime time ? time.toString() : values[v]);
            }
        }
        var outcomes = new InboxRecorder.Signed[commands.size()];
        for (var row : STATEMENT.fetch(dsl, ANSWERED, columns)) {
            outcomes[Math.toIntExact(row.get(ORDINAL)) - 1] =
                    new InboxRecorder.Signed(Optional.ofNullable(row.get(ID)), !row.get(SIGNATURE_NEW));
        }
        return List.of(outcomes);
    }

    /**
     * The commands as a table ({@code unnest} of one array per column, numbered in order); the signatures, then the
     * commands whose signature is new (as {@link InboxRecorder}'s statement for one); each command's outcome by its
     * number. The times go as text ({@link Timestamps#utc}'s ISO form, read by PostgreSQL to the microsecond): the
     * driver sends arrays of strings and numbers, not of times.
     */
    private static Prepared statement() {
        var arrays = new Field<?>[NAMES.length];
        var types = columns(0);
        for (int i = 0; i < NAMES.length; i++) {
            arrays[i] = DSL.param(NAMES[i], types[i].getClass());
        }
        var commands = DSL.name("input")
                .fields(concat(NAMES, "n"))
                .as(DSL.select(DSL.asterisk()).from(DSL.table("unnest({0}) with ordinality", DSL.list(arrays))));
        Table<?> input = DSL.table(DSL.name("input"));
        var signature = column("signature", String.class);
        var seen = DSL.name("seen")
                .as(DSL.insertInto(SLACK_REQUEST_SEEN, SLACK_REQUEST_SEEN.SIGNATURE, SLACK_REQUEST_SEEN.SEEN_AT)
                        .select(DSL.select(signature, time("seen_at"))
                                .from(input)
                                .orderBy(ORDINAL))
                        .onConflictDoNothing()
                        .returningResult(SLACK_REQUEST_SEEN.SIGNATURE));
        var recorded = DSL.name("recorded")
                .as(DSL.insertInto(COMMAND_INBOX)
                        .columns(InboxRecorder.COLUMNS)
                        .select(DSL.select(
                                        column("team_id", String.class),
                                        column("command", String.class),
                                        column("trigger_id", String.class),
                                        column("payload", String.class),
                                        column("long_job", Boolean.class),
                                        time("received_at"),
                                        column("claimed_by", String.class),
                                        fromNow(column("lease_millis", Long.class)),
                                        column("attempts", Integer.class))
                                .from(input)
                                .where(signature.in(DSL.select(DSL.field(DSL.name("signature"), String.class))
                                        .from(seen)))
                                .orderBy(ORDINAL))
                        .onConflictDoNothing()
                        .returningResult(COMMAND_INBOX.ID, COMMAND_INBOX.TRIGGER_ID));
        var seenSignature = DSL.field(DSL.name("seen", "signature"), String.class);
        var recordedTrigger = DSL.field(DSL.name("recorded", "trigger_id"), String.class);
        return Prepared.of(
                DSL.with(commands)
                        .with(seen)
                        .with(recorded)
                        .select(
                                ORDINAL,
                                DSL.field(DSL.name("recorded", "id"), Long.class)
                                        .as(ID.getName()),
                                seenSignature.isNotNull().as(SIGNATURE_NEW.getName()))
                        .from(input)
                        .leftJoin(seen)
                        .on(seenSignature.eq(signature))
                        .leftJoin(recorded)
                        .on(recordedTrigger.eq(column("trigger_id", String.class))),
                NAMES);
    }

    /**
     * One empty array per column, of the type the driver sends it as, in the order of {@link #NAMES}: a command's
     * values ({@link InboxRecorder.Recording#values}) after its signature and when it was seen, the times as text.
     */
    private static Object[] columns(int size) {
        return new Object[] {
            new String[size],
            new String[size],
            new String[size],
            new String[size],
            new String[size],
            new String[size],
            new Boolean[size],
            new String[size],
            new String[size],
            new Long[size],
            new Integer[size]
        };
    }

    private static <T> Field<T> column(String name, Class<T> type) {
        return DSL.field(DSL.name("input", name), type);
    }

    private static Field<OffsetDateTime> time(String name) {
        return column(name, String.class).cast(SQLDataType.TIMESTAMPWITHTIMEZONE);
    }

    private static String[] concat(String[] names, String last) {
        var all = java.util.Arrays.copyOf(names, names.length + 1);
        all[names.length] = last;
        return all;
    }
}
