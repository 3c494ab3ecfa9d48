package lodestar.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import lodestar.slack.SlackApi.Call;
import lodestar.slack.SlackApi.Result;
import lodestar.slack.SlackApi.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link SlackApi} tries one Web API call: waits out a rate limit for Slack's {@code Retry-After}, tries a read
 * again after a short back-off, and turns every failure into a logged {@link Result} with Slack's error code instead
 * of an exception.
 */
final class SlackRetries {
    // Under SlackApi's name: the port the rest of Lodestar calls, so that all of Slack's failures log in one place.
    private static final Logger log = LoggerFactory.getLogger(SlackApi.class);
    static final int MAX_ATTEMPTS = 5;
    /**
     * Waits before a read is tried again after a failure that may pass (a 429 waits its Retry-After instead): seven
     * tries in under 5 s, so that a Slack failing one call in three almost never fails them all.
     */
    private static final List<Duration> READ_BACKOFF = List.of(
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofMillis(750),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    /** A read is not tried again once this long has passed: someone may be waiting for it. */
    private static final Duration READ_RETRIES_WITHIN = Duration.ofSeconds(5);

    private final Supplier<Optional<MethodsClient>> client;
    private final String teamId;
    private final Sleeper sleeper;

    /** {@code client} gives the current token's client at each try, or empty when {@code teamId} has no token. */
    SlackRetries(Supplier<Optional<MethodsClient>> client, String teamId, Sleeper sleeper) {
        this.client = client;
        this.teamId = teamId;
        this.sleeper = sleeper;
    }

    /** {@link SlackApi#read}: tries a call that only reads again while its failure may pass. */
    <T extends SlackApiTextResponse> Result<T> read(String method, Call<T> call) {
        long deadline = System.nanoTime() + READ_RETRIES_WITHIN.toNanos();
        Result<T> result = attempt(method, call, MAX_ATTEMPTS);
        for (int retry = 0;
                retry < READ_BACKOFF.size() && result.retryable() && System.nanoTime() < deadline;
                retry++) {
            if (!sleep(READ_BACKOFF.get(retry))) {
                return failed("interrupted");
            }
            result = attempt(method, call, MAX_ATTEMPTS);
        }
        return result;
    }

    <T extends SlackApiTextResponse> Result<T> attempt(String method, Call<T> call, int maxAttempts) {
        return attempt(method, call, maxAttempts, Duration.ofDays(1));
    }

    /**
     * Tries {@code call} up to {@code maxAttempts} times, waiting out each rate limit while the waits add up to at most
     * {@code maxWait}; any other failure ends it at once.
     */
    <T extends SlackApiTextResponse> Result<T> attempt(String method, Call<T> call, int maxAttempts, Duration maxWait) {
        Duration waited = Duration.ZERO;
        var client = this.client.get();
        if (client.isEmpty()) {
            log.warn("Slack {} not called: Lodestar is not installed in workspace {}", method, teamId);
            return failed(SlackApi.NOT_INSTALLED);
        }
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                T response = call.on(client.get());
                if (response.isOk()) {
                    return new Result<>(Optional.of(response), null);
                }
                log.warn("Slack {} failed: {}", method, response.getError());
                return failed(response.getError());
            } catch (SlackApiException e) {
                Duration wait = retryAfter(e);
                if (e.getResponse().code() == 429
                        && (attempt == maxAttempts || waited.plus(wait).compareTo(maxWait) > 0)) {
                    log.warn("Slack {} is rate limited for {} s", method, wait.toSeconds());
                    return new Result<>(Optional.empty(), "ratelimited", Optional.of(wait));
                }
                if (e.getResponse().code() != 429) {
                    log.warn(
                            "Slack {} failed: HTTP {} {}",
                            method,
                            e.getResponse().code(),
                            errorCode(e));
                    return failed(
                            errorCode(e).isEmpty() ? "http_" + e.getResponse().code() : errorCode(e));
                }
                log.info("Slack {} is rate limited; retrying in {} s", method, wait.toSeconds());
                waited = waited.plus(wait);
                if (!sleep(wait)) {
                    return failed("interrupted");
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Slack {} failed: {}", method, e.toString());
                return failed("unreachable");
            }
        }
        return failed("ratelimited");
    }

    private static <T> Result<T> failed(String error) {
        return new Result<>(Optional.empty(), error);
    }

    private boolean sleep(Duration wait) {
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String errorCode(SlackApiException e) {
        // An HTTP error's body may carry no Slack error code at all (a 500 with "{}", an HTML page).
        return e.getError() != null && e.getError().getError() != null
                ? e.getError().getError()
                : "";
    }

    private static Duration retryAfter(SlackApiException e) {
        String header = e.getResponse().header("Retry-After");
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header == null ? "1" : header.strip())));
        } catch (NumberFormatException ignored) {
            return Duration.ofSeconds(1);
        }
    }
}
