package lodestar.slack;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded thread pools behind {@link AfterAck}. A full pool refuses more work (the request is answered
 * "busy") instead of running it on the request thread, which would call Slack before the ack.
 */
public final class AfterAckPools implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AfterAckPools.class);

    private final ThreadPoolExecutor interactive;
    private final ThreadPoolExecutor background;
    private final ThreadPoolExecutor commands;

    /**
     * {@code interactive} work is short (a form to open, an answer), and a form opened after a long wait in the
     * queue would fail anyway, so its queue is short; long jobs may wait their turn in a long queue.
     */
    public AfterAckPools(int interactiveThreads, int interactiveQueue, int backgroundThreads, int backgroundQueue) {
        this(interactiveThreads, interactiveQueue, backgroundThreads, backgroundQueue, COMMAND_WORKERS);
    }

    public AfterAckPools(
            int interactiveThreads,
            int interactiveQueue,
            int backgroundThreads,
            int backgroundQueue,
            int commandThreads) {
        interactive = pool("lodestar-interactive-", interactiveThreads, interactiveQueue);
        background = pool("lodestar-background-", backgroundThreads, backgroundQueue);
        // The inbox never hands its workers more than its room ({@link #COMMAND_ROOM}): the queue needs no bound.
        commands = pool("lodestar-command-", commandThreads, Integer.MAX_VALUE);
    }

    /**
     * The priority of every thread that works after the ack (these pools, the senders, the inbox poller, Quartz's,
     * the dashboard's warmer): below the request threads, so that when the CPU is short requests are acked first. The
     * README's run command lets it reach the operating system ({@code -XX:ThreadPriorityPolicy=1}: nice 4 on Linux);
     * without it, Java ignores it.
     */
    public static final int WORKER_PRIORITY = Thread.MIN_PRIORITY;

    /** Workers of the inbox per instance, each holding at most one database connection at a time. */
    public static final int COMMAND_WORKERS = 8;
    /** Commands an instance takes at once (running or queued for its workers); more wait in the database. */
    public static final int COMMAND_ROOM = 256;

    /** The production sizes. */
    public static AfterAckPools start() {
        return new AfterAckPools(8, 200, 4, 10_000, COMMAND_WORKERS);
    }

    public AfterAck executors() {
        return new AfterAck(interactive, background, commands);
    }

    /** Lets queued work finish for up to 10 seconds, then drops what is left, saying how much. */
    @Override
    public void close() throws InterruptedException {
        interactive.shutdown();
        background.shutdown();
        commands.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (var pool : new ThreadPoolExecutor[] {interactive, background, commands}) {
            if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                log.warn(
                        "Work after the ack was still running at shutdown: {} tasks dropped",
                        pool.shutdownNow().size());
            }
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        var count = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                queue == Integer.MAX_VALUE ? new LinkedBlockingQueue<>() : new ArrayBlockingQueue<>(queue),
                task -> {
                    var thread = new Thread(task, name + count.incrementAndGet());
                    thread.setPriority(WORKER_PRIORITY);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }
}
