package lodestar.db;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The {@code count} 7-day periods that end at {@code end} (not calendar weeks), for figures reported week by week:
 * the SQL expression that puts a timestamp in its period, and the periods' starts, so that a week without rows is
 * still reported. {@code date_bin} needs PostgreSQL 14 or later. The end is kept at the database's precision
 * (microseconds): the bins PostgreSQL computes from it must equal the starts Java computes, or every week reads as
 * empty.
 */
public record Weeks(Instant end, int count) {
    public static final Duration LENGTH = Duration.ofDays(7);

    public Weeks {
        end = Timestamps.micros(end);
        if (count < 1) {
            throw new IllegalArgumentException("At least one week, not " + count);
        }
    }

    /** The start of the oldest period. */
    public Instant from() {
        return end.minus(LENGTH.multipliedBy(count));
    }

    /** The start of each period, oldest first. */
    public List<Instant> starts() {
        return Stream.iterate(from(), at -> at.isBefore(end), at -> at.plus(LENGTH))
                .toList();
    }

    /**
     * The start of the period {@code at} falls in. The end is inlined so that the same expression can be grouped by.
     */
    public Field<OffsetDateTime> bin(Field<OffsetDateTime> at) {
        return DSL.field(
                "date_bin(interval '7 days', {0}, {1})",
                SQLDataType.TIMESTAMPWITHTIMEZONE, at, DSL.inline(Timestamps.utc(end)));
    }
}
