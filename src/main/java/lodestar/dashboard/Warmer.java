package lodestar.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import lodestar.slack.AfterAckPools;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the past weeks of the dashboards in use before anyone asks: a minute after start and a few minutes after each
 * midnight (UTC, when the weeks move), for every workspace someone is signed in to. The figures it keeps are this
 * instance's, so every instance warms its own. A failure is logged; the next run tries again.
 */
final class Warmer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Warmer.class);
    private static final Duration AFTER_MIDNIGHT = Duration.ofMinutes(5);

    private final Sessions sessions;
    private final Consumer<String> warm;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
        var thread = new Thread(work, "dashboard-warmer");
        thread.setDaemon(true);
        thread.setPriority(AfterAckPools.WORKER_PRIORITY); // counting ahead waits for the requests
        return thread;
    });

    /** {@code warm} counts what one workspace's dashboard shows. */
    Warmer(Sessions sessions, Consumer<String> warm, Clock clock) {
        this.sessions = sessions;
        this.warm = warm;
        this.clock = clock;
    }

    void start() {
        timer.schedule(this::warm, 1, TimeUnit.MINUTES);
        timer.scheduleAtFixedRate(
                this::warm,
                untilNextRun(clock.instant()).toMillis(),
                Duration.ofDays(1).toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Warms the dashboard of every workspace someone is signed in to. */
    void warm() {
        try {
            for (String teamId : sessions.teamsSignedIn()) {
                long started = System.nanoTime();
                warm.accept(teamId);
                log.debug("Dashboard of {} counted in {} ms", teamId, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            log.warn("The dashboards could not be counted ahead; they will be on their first request", e);
        }
    }

    /** From {@code now} to a few minutes after the coming midnight (UTC). */
    static Duration untilNextRun(Instant now) {
        var next = now.truncatedTo(ChronoUnit.DAYS).plus(AFTER_MIDNIGHT);
        if (!next.isAfter(now)) {
            next = next.plus(Duration.ofDays(1));
        }
        return Duration.between(now, next);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
