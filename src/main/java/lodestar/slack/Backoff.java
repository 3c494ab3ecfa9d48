package lodestar.slack;

import java.time.Duration;

/**
 * How long to wait before trying Slack again after the n-th failure in a row: doubling from {@code first}, never
 * more than {@code max}, so that an outage costs a few calls a minute rather than one every few seconds.
 */
public record Backoff(Duration first, Duration max) {
    /** One second, doubling up to a minute. */
    public static final Backoff STANDARD = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("A back-off needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /** The wait after {@code failures} failures in a row (1 or more). */
    public Duration delay(int failures) {
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) < 0 ? delay : max;
    }
}
