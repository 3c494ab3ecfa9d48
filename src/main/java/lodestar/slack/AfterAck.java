package lodestar.slack;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where work after the ack runs. Slack wants an ack within 3 seconds, so Web API calls follow it, on one of
 * two executors, so that long jobs never make a person wait:
 *
 * <ul>
 *   <li>{@code interactive}: what someone is waiting for right now. Opening a form above all (its trigger lapses
 *       3 seconds after the click), answering a command or a button, the Home tab.
 *   <li>{@code background}: long jobs nobody waits on at that moment: announcing a kudos and its DMs, the digest,
 *       posting survey results, refreshing lists.
 * </ul>
 *
 * When an executor cannot take more work it throws {@link java.util.concurrent.RejectedExecutionException}
 * rather than run the task on the caller, so a request thread never calls Slack; {@link BoltApp} then answers
 * the request with "busy".
 */
public record AfterAck(Executor interactive, Executor background) {
    private static final Logger log = LoggerFactory.getLogger(AfterAck.class);

    public AfterAck {
        Objects.requireNonNull(interactive, "interactive");
        Objects.requireNonNull(background, "background");
    }

    /** Both kinds of work on one executor (tests run everything inline). */
    public static AfterAck on(Executor executor) {
        return new AfterAck(executor, executor);
    }

    /** The same executors, logging a task's failure: nobody is waiting for its result, so it must not vanish. */
    public AfterAck loggingFailures() {
        return new AfterAck(logging(interactive), logging(background));
    }

    private static Executor logging(Executor executor) {
        return task -> executor.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Work after the ack failed", e);
            }
        });
    }
}
