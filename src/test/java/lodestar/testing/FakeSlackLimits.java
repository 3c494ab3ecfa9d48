package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.methods.MethodsRateLimitTier;
import com.slack.api.methods.MethodsRateLimits;
import io.javalin.http.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Slack's rate limits for {@link FakeSlack}, in sliding windows over the calls it accepted (a rejected call takes no
 * room), all in one workspace, with every window shortened by a speed-up factor:
 *
 * <ul>
 *   <li>each method with a tier in the Slack SDK ({@link MethodsRateLimits}): the tier's requests per minute, in a
 *       window of 60 s / speedUp; methods the SDK knows no tier for are not limited;
 *   <li>chat.postMessage instead: one message per channel in a window of 1 s / speedUp (Slack: "1 per second per
 *       channel"; the SDK's 60 per minute is that), and {@link FakeSlack#WORKSPACE_POSTS_PER_MINUTE} in the whole
 *       workspace in a window of 60 s / speedUp (Slack: "several hundred messages per minute").
 * </ul>
 *
 * A call beyond a limit gets a Retry-After of the time until its window has room again, in whole seconds rounded
 * up, at least 1 (so with a large speed-up, a client that honours it waits longer than it has to).
 */
public final class FakeSlackLimits {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private record Limit(String key, int allowed, long window) {}

    private final LongSupplier nanoTime;
    private final Map<String, Deque<Long>> accepted = new HashMap<>();
    private final Map<String, AtomicInteger> rejected = new ConcurrentHashMap<>();
    private final AtomicInteger rejectedInAll = new AtomicInteger();
    private double speedUp;

    FakeSlackLimits(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    FakeSlackLimits() {
        this(System::nanoTime);
    }

    /** Enforces the limits from now on, windows shortened by {@code speedUp} (1: Slack's own rates). */
    synchronized void enforce(double speedUp) {
        if (!(speedUp > 0) || Double.isInfinite(speedUp)) {
            throw new IllegalArgumentException("speedUp must be a positive number, not " + speedUp);
        }
        this.speedUp = speedUp;
        accepted.clear();
    }

    /** Stops enforcing, and forgets the windows and the counts. */
    synchronized void reset() {
        speedUp = 0;
        accepted.clear();
        rejected.clear();
        rejectedInAll.set(0);
    }

    /**
     * Counts the call when it is within every limit that applies and returns 0; otherwise returns the Retry-After
     * in seconds (at least 1) and counts nothing but the rejection.
     */
    synchronized long admit(String method, JsonNode params) {
        if (speedUp == 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        long wait = 0;
        var limits = limits(method, params);
        for (var limit : limits) {
            var window = accepted.computeIfAbsent(limit.key(), k -> new ArrayDeque<>());
            while (!window.isEmpty() && now - window.peekFirst() >= limit.window()) {
                window.pollFirst();
            }
            if (window.size() >= limit.allowed()) {
                // The window has room once its oldest call of the last `allowed` ones leaves it.
                long oldest = window.stream()
                        .skip(window.size() - limit.allowed())
                        .findFirst()
                        .orElseThrow();
                wait = Math.max(wait, oldest + limit.window() - now);
            }
        }
        if (wait > 0) {
            rejectedInAll.incrementAndGet();
            rejected.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            return Math.max(1, (wait + SECOND - 1) / SECOND);
        }
        limits.forEach(limit -> accepted.get(limit.key()).addLast(now));
        return 0;
    }

    /** Answers HTTP 429 with Retry-After, and returns true, when the call is beyond a limit; see {@link #admit}. */
    boolean refuse(String method, JsonNode params, Context ctx) {
        long retryAfter = admit(method, params);
        if (retryAfter > 0) {
            ctx.status(429).header("Retry-After", Long.toString(retryAfter)).contentType("application/json");
            ctx.result("{\"ok\":false,\"error\":\"ratelimited\"}");
        }
        return retryAfter > 0;
    }

    private List<Limit> limits(String method, JsonNode params) {
        var limits = new ArrayList<Limit>();
        if (method.equals("chat.postMessage")) {
            limits.add(new Limit("channel " + params.path("channel").asText(), 1, scaled(SECOND)));
            limits.add(new Limit("workspace posts", FakeSlack.WORKSPACE_POSTS_PER_MINUTE, scaled(MINUTE)));
            return limits;
        }
        MethodsRateLimitTier tier = MethodsRateLimits.lookupRateLimitTier(method);
        Integer perMinute = tier == null ? null : MethodsRateLimitTier.getAllowedRequestsPerMinute(tier);
        if (perMinute != null) {
            limits.add(new Limit("method " + method, perMinute, scaled(MINUTE)));
        }
        return limits;
    }

    private long scaled(long window) {
        return Math.max(1, Math.round(window / speedUp));
    }

    int rejected() {
        return rejectedInAll.get();
    }

    int rejected(String method) {
        var count = rejected.get(method);
        return count == null ? 0 : count.get();
    }
}
