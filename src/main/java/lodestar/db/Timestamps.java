package lodestar.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Time at the database's precision. PostgreSQL keeps microseconds while Java's clock reads nanoseconds, so an
 * instant with nanoseconds is not equal to itself once stored and read back: a figure keyed by such an instant
 * (a week's bin, a claim's time) finds nothing. Lodestar's clock ticks in microseconds, and every instant handed
 * to a query goes through {@link #utc}, so that what Java computes and what the database returns always match.
 */
public final class Timestamps {
    private static final Duration PRECISION = ChronoUnit.MICROS.getDuration();

    private Timestamps() {}

    /** {@code base}, truncated to microseconds. */
    public static Clock clock(Clock base) {
        return Clock.tick(base, PRECISION);
    }

    /** The instant as the database stores it: microseconds, UTC. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The instant as a query parameter: microseconds, UTC. */
    public static OffsetDateTime utc(Instant instant) {
        return micros(instant).atOffset(ZoneOffset.UTC);
    }
}
