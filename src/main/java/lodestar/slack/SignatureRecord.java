package lodestar.slack;

import java.time.Instant;
import java.util.Optional;

/**
 * The signature of the slash command a request thread is acking, when the door left its record in the table every
 * instance shares to the statement that records the command (the inbox's): one round trip to the database before the
 * ack instead of two. The statement takes it ({@link #take}) and says whether the signature was new ({@link
 * #recorded}); when no statement took it (an answer given in the ack: help, a list), the door records it after Bolt's
 * answer and before sending it ({@link SlackDoor#answeredOnce}). Bolt's own parser says which requests are slash
 * commands.
 *
 * <p>Held by the request thread while Bolt runs the handler ({@link #open}, closed by the bridge); a thread that is not
 * acking a request (a worker, a test) has none, and records commands without a signature.
 */
public final class SignatureRecord implements AutoCloseable {
    private static final ThreadLocal<SignatureRecord> CURRENT = new ThreadLocal<>();

    /** Where the record stands. */
    enum State {
        /** Nobody recorded it yet. */
        OPEN,
        /** The statement that took it failed (the database did not answer): this instance's memory decided. */
        FAILED,
        /** Recorded for the first time. */
        FIRST,
        /** Recorded before, by an instance: a replay. */
        REPLAYED
    }

    private final String signature;
    private final Instant seenAt;
    private State state = State.OPEN;

    private SignatureRecord(String signature, Instant seenAt) {
        this.signature = signature;
        this.seenAt = seenAt;
    }

    /**
     * Leaves {@code signature}'s record to a statement the current thread runs, until closed; {@code seenAt} is real
     * time (the door's), by which old signatures are forgotten, whatever clock the features run on.
     */
    static SignatureRecord open(String signature, Instant seenAt) {
        var record = new SignatureRecord(signature, seenAt);
        CURRENT.set(record);
        return record;
    }

    /** The signature to record with the command this thread records before its ack, if the door left it; once. */
    public static Optional<SignatureRecord> take() {
        var record = CURRENT.get();
        if (record == null || record.state != State.OPEN) {
            return Optional.empty();
        }
        record.state = State.FAILED; // until the statement says otherwise
        return Optional.of(record);
    }

    public String signature() {
        return signature;
    }

    /** When the door let it in, in real time. */
    public Instant seenAt() {
        return seenAt;
    }

    /** What the statement found: the signature recorded now ({@code true}), or by an instance before (a replay). */
    public void recorded(boolean firstTime) {
        state = firstTime ? State.FIRST : State.REPLAYED;
    }

    State state() {
        return state;
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
