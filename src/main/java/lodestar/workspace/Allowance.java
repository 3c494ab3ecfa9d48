package lodestar.workspace;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How many kudos each person may give per day or per week, counted in their own time zone. */
public record Allowance(int count, Period period) {
    public static final int MAX = 100;
    public static final Allowance DEFAULT = new Allowance(5, Period.WEEK);

    /** The span an allowance covers. */
    public enum Period {
        DAY,
        WEEK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The start of the period containing {@code now}, in {@code zone}: local midnight, Monday for weeks. */
        public ZonedDateTime start(ZonedDateTime now, ZoneId zone) {
            var local = now.withZoneSameInstant(zone).toLocalDate();
            var first = this == DAY ? local : local.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            return first.atStartOfDay(zone);
        }

        /** The start of the next period. */
        public ZonedDateTime next(ZonedDateTime start) {
            return this == DAY ? start.plusDays(1) : start.plusWeeks(1);
        }
    }

    public Allowance {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("An allowance is from 1 to " + MAX + " kudos, not " + count + ".");
        }
    }

    @Override
    public String toString() {
        return count + " per " + period.label();
    }
}
