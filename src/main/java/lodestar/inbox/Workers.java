package lodestar.inbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import lodestar.slack.PendingAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's inbox workers: the entries they hold (whose claims the instance renews while it lives), and what
 * becomes of an entry when its work succeeds, fails because the database went away (tried again), fails otherwise or
 * too often (told, and let go).
 */
final class Workers {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);
    /** An entry that failed this often (the database kept going away during its work) is given up, and told. */
    static final int MAX_ATTEMPTS = 5;

    /** Workers, how many more entries they may take, and whether they do long jobs. */
    record Lane(Executor workers, Semaphore room, boolean longJobs) {}

    /** What a worker does for an entry, and how a failure for good is told. */
    record Work(Runnable run, Consumer<RuntimeException> failed) {}

    private final InboxRepository repository;
    private final AtomicInteger working = new AtomicInteger();
    /** The entries this instance's workers hold (queued or under way). */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    private volatile boolean closing;

    Workers(InboxRepository repository) {
        this.repository = repository;
    }

    List<Long> held() {
        return List.copyOf(held);
    }

    boolean closing() {
        return closing;
    }

    /**
     * Starts {@code entry} on its lane's workers, holding the unit of room taken for it until done; false (the room
     * given back, the command handed back) when the workers refused it.
     */
    boolean hand(InboxRepository.Entry entry, Work work, Lane lane) {
        held.add(entry.id());
        try {
            lane.workers().execute(() -> {
                try {
                    run(entry, work);
                } finally {
                    held.remove(entry.id());
                    lane.room().release();
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            held.remove(entry.id());
            lane.room().release();
            repository.handBack(entry.id());
            return false;
        }
    }

    private void run(InboxRepository.Entry entry, Work work) {
        if (closing) {
            return; // handed back at close, for another worker
        }
        working.incrementAndGet();
        try {
            if (entry.attempts() > MAX_ATTEMPTS) {
                log.error("Gave up {} {} after {} attempts", entry.command(), entry.id(), MAX_ATTEMPTS);
                tell(entry, work, new IllegalStateException("gave up"));
                repository.done(entry.id());
                return;
            }
            work.run().run();
            repository.done(entry.id());
        } catch (RuntimeException e) {
            if (PendingAnswer.databaseDown(e) || conflict(e)) {
                // No longer held here, so its lease lapses: a worker tries again once the database is back, or once
                // the work it collided with is done.
                log.warn("{} {} will be done again ({})", entry.command(), entry.id(), e.toString());
            } else {
                // A fault in the work itself would fail the same way again: tell the person, and let it go.
                log.error("{} {} failed", entry.command(), entry.id(), e);
                tell(entry, work, e);
                try {
                    repository.done(entry.id());
                } catch (RuntimeException lost) {
                    log.warn("{} {} stays in the inbox: {}", entry.command(), entry.id(), lost.toString());
                }
            }
        } finally {
            working.decrementAndGet();
        }
    }

    /**
     * Whether the work collided with another transaction (a serialization failure, a deadlock, a lock not available:
     * e.g. Slack's {@code app_uninstalled} and {@code tokens_revoked} deleting one workspace on two instances at once):
     * done again later, it succeeds.
     */
    static boolean conflict(Throwable failure) {
        return PendingAnswer.sqlState(
                failure, state -> state.equals("40001") || state.equals("40P01") || state.equals("55P03"));
    }

    /** Tells whoever waits that the work failed for good; that failing too must not keep the entry forever. */
    private static void tell(InboxRepository.Entry entry, Work work, RuntimeException failure) {
        try {
            work.failed().accept(failure);
        } catch (RuntimeException e) {
            log.warn("Could not tell that {} {} failed: {}", entry.command(), entry.id(), e.toString());
        }
    }

    /** Stops starting work, and lets the work under way finish for up to {@code grace}. */
    void close(Duration grace) throws InterruptedException {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (working.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
