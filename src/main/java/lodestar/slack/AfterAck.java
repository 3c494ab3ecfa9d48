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
 *   <li>{@code commands}: the workers of the inbox ({@link lodestar.inbox.Inbox}), which do the slash commands
 *       recorded before their ack.
 * </ul>
 *
 * When an executor cannot take more work it throws {@link java.util.concurrent.RejectedExecutionException}
 * rather than run the task on the caller, so a request thread never calls Slack; {@link BoltApp} then answers
 * the request with "busy".
 */
public record AfterAck(Executor interactive, Executor background, Executor commands) {
    private static final Logger log = LoggerFactory.getLogger(AfterAck.class);

    public AfterAck {
        Objects.requireNonNull(interactive, "interactive");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(commands, "commands");
    }

    /** Every kind of work on one executor (tests run everything inline). */
    public static AfterAck on(Executor executor) {
        return new AfterAck(executor, executor, executor);
    }

    /** Told of work after the ack that failed, with the response_url of the request that handed it on. */
    @FunctionalInterface
    public interface Failed {
        void answer(String responseUrl, RuntimeException failure);
    }

    /**
     * The same executors, logging a task's failure (nobody is waiting for its result, so it must not vanish) and
     * handing it to {@code failed} when the request that queued it can still be answered. The inbox's workers answer
     * failures themselves.
     */
    public AfterAck loggingFailures(Failed failed) {
        return new AfterAck(logging(interactive, failed), logging(background, failed), commands);
    }

    private static Executor logging(Executor executor, Failed failed) {
        return task -> {
            var responseUrl = PendingAnswer.current();
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    if (PendingAnswer.databaseDown(e)) {
                        log.warn("Work after the ack failed: the database is unavailable ({})", e.toString());
                    } else {
                        log.error("Work after the ack failed", e);
                    }
                    responseUrl.ifPresent(url -> failed.answer(url, e));
                }
            });
        };
    }
}
