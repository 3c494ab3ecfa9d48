package lodestar.inbox;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import lodestar.slack.PendingAnswer;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The slash commands request threads record at the same time, written together: one statement and one wait for the
 * disk for all of those waiting ({@link InboxBatch}), where each alone held one of the few connections of the acks
 * through its own wait for the disk, and the others queued for them. No thread of its own: a request thread that gets
 * one of {@code writers} turns writes all that wait (its own command among them, unless another writer took it), so a
 * command that comes alone is written at once, as before, and under load the waits join.
 *
 * <p>A batch that fails for another reason than the database being out of reach (a deadlock with another instance's,
 * say) is not the commands' fault: each is then recorded alone, by its own thread.
 */
final class GroupCommit {
    /** At most this many commands in one statement. */
    static final int MOST = 100;

    private final DSLContext dsl;
    private final Function<InboxBatch.Signed, InboxRecorder.Signed> alone;
    private final Semaphore writers;
    private final Duration patience;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    /**
     * Writes on {@code dsl}, {@code writers} batches at a time (as many as its pool's connections, which the acks'
     * other writes share); a command waits at most {@code patience} for a writer. {@code alone} records one command by
     * itself.
     */
    GroupCommit(
            DSLContext dsl, int writers, Duration patience, Function<InboxBatch.Signed, InboxRecorder.Signed> alone) {
        this.dsl = dsl;
        this.alone = alone;
        this.writers = new Semaphore(writers);
        this.patience = patience;
    }

    /** A command waiting to be written, and what became of it. */
    private static final class Waiting {
        final InboxBatch.Signed command;
        final CompletableFuture<InboxRecorder.Signed> outcome = new CompletableFuture<>();
        /** Taken from the queue by a writer, who will complete its outcome. */
        volatile boolean taken;

        Waiting(InboxBatch.Signed command) {
            this.command = command;
        }
    }

    /** Why a batch was written off: each of its commands is recorded alone. */
    private static final class Alone extends RuntimeException {
        Alone(RuntimeException cause) {
            super(cause);
        }
    }

    /**
     * Records {@code command} with those that wait with it; its outcome, as if recorded alone. Fails as a database out
     * of reach would ({@link PendingAnswer#databaseDown}) when no writer took it within the patience.
     */
    InboxRecorder.Signed record(InboxBatch.Signed command) {
        var mine = new Waiting(command);
        waiting.add(mine);
        // An interrupt is kept for after: set while writing, it would fail the wait for a connection, and with it
        // the batch of every command this thread writes.
        boolean interrupted = Thread.interrupted();
        try {
            if (writers.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    writeUntilTaken(mine);
                } finally {
                    writers.release();
                }
            } else if (waiting.remove(mine)) {
                throw new DataAccessException(
                        "The command was not recorded: no connection for it within " + patience,
                        new SQLTransientConnectionException("every connection of the acks busy for " + patience));
            }
        } catch (InterruptedException e) {
            interrupted = true;
            if (waiting.remove(mine)) {
                throw new DataAccessException("The command was not recorded: its request thread was interrupted", e);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return outcome(mine);
    }

    /**
     * Writes what waits, in batches, until {@code mine} is taken (by this writer or another) and nothing it took is
     * left over. Whatever it took is answered, even when it fails unexpectedly: its owners wait for that.
     */
    private void writeUntilTaken(Waiting mine) {
        var later = new ArrayDeque<Waiting>();
        List<Waiting> batch = List.of();
        try {
            do {
                batch = take(later);
                if (batch.isEmpty()) {
                    return;
                }
                var down = write(batch);
                if (down != null) {
                    // those left over would wait for a connection again, in vain: the ack must come within 3 s
                    later.forEach(w -> w.outcome.completeExceptionally(down));
                    return;
                }
            } while (!mine.taken || !later.isEmpty());
        } catch (RuntimeException | Error e) {
            for (var taken : batch) {
                taken.outcome.completeExceptionally(e);
            }
            later.forEach(w -> w.outcome.completeExceptionally(e));
            throw e;
        }
    }

    /**
     * Up to {@link #MOST} commands: those left over before, then those waiting; one whose signature or trigger id is
     * already in the batch is left {@code later} (its outcome depends on the first's).
     */
    private List<Waiting> take(ArrayDeque<Waiting> later) {
        var batch = new ArrayList<Waiting>();
        var signatures = new HashSet<String>();
        var keys = new HashSet<String>();
        var again = new ArrayList<Waiting>();
        while (batch.size() < MOST) {
            var next = later.poll();
            if (next == null) {
                next = waiting.poll();
                if (next == null) {
                    break;
                }
                next.taken = true;
            }
            String signature = next.command.signature();
            String key = next.command.entry().key();
            if (signatures.contains(signature) || keys.contains(key)) {
                again.add(next);
            } else {
                signatures.add(signature);
                keys.add(key);
                batch.add(next);
            }
        }
        later.addAll(again);
        return batch;
    }

    /**
     * One statement for the batch, each outcome to its command; the failure when the database was out of reach. Ordered by
     * trigger id, then signature (a signature belongs to one request, so to one trigger id): two writers' batches then
     * take the locks of both tables' rows in one order, and cannot wait for each other.
     */
    private RuntimeException write(List<Waiting> batch) {
        try {
            if (batch.size() == 1) {
                var only = batch.get(0);
                only.outcome.complete(alone.apply(only.command));
                return null;
            }
            batch.sort(IN_LOCK_ORDER);
            var outcomes =
                    InboxBatch.record(dsl, batch.stream().map(w -> w.command).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome.complete(outcomes.get(i));
            }
            return null;
        } catch (RuntimeException e) {
            boolean down = PendingAnswer.databaseDown(e);
            RuntimeException failure = down || batch.size() == 1 ? e : new Alone(e);
            batch.forEach(w -> w.outcome.completeExceptionally(failure));
            return down ? e : null;
        }
    }

    private static final Comparator<Waiting> IN_LOCK_ORDER = Comparator.<Waiting, String>comparing(
                    w -> w.command.entry().key())
            .thenComparing(w -> w.command.signature());

    /** How many commands wait for a writer to take them. */
    int waiting() {
        return waiting.size();
    }

    private InboxRecorder.Signed outcome(Waiting mine) {
        try {
            return mine.outcome.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Alone) {
                return alone.apply(mine.command);
            }
            throw new DataAccessException(
                    "The command was not recorded: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
