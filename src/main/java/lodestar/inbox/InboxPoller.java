package lodestar.inbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lodestar.slack.AfterAckPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The inbox's clockwork on one daemon thread: claiming what nobody holds, and renewing what this instance holds. */
final class InboxPoller {
    private static final Logger log = LoggerFactory.getLogger(InboxPoller.class);

    private InboxPoller() {}

    static AutoCloseable start(Inbox inbox, Duration pollEvery, Duration renewEvery) {
        var poller = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "lodestar-inbox-poller");
            thread.setDaemon(true);
            thread.setPriority(AfterAckPools.WORKER_PRIORITY); // below the request threads
            return thread;
        });
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        while (inbox.poll() > 0) {
                            // more may be waiting: claim again while there is room
                        }
                    } catch (RuntimeException e) {
                        log.warn("Could not look for commands waiting in the inbox: {}", e.toString());
                    }
                },
                0,
                pollEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        // What this instance holds stays its own while it lives, however long its queue: only a dead instance's
        // claims lapse.
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        inbox.renewClaims();
                    } catch (RuntimeException e) {
                        log.warn("Could not renew the inbox's claims: {}", e.toString());
                    }
                },
                renewEvery.toMillis(),
                renewEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        return poller::shutdownNow;
    }
}
