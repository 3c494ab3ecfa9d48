package lodestar.recognition;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** A reporting period for {@code /kudos top}, starting at local midnight in the reader's time zone. */
public enum Period {
    WEEK,
    MONTH,
    QUARTER;

    public static Optional<Period> parse(String text) {
        for (Period period : values()) {
            if (period.label().equals(text.toLowerCase(Locale.ROOT))) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the period containing {@code now}, in {@code zone}. */
    public ZonedDateTime start(ZonedDateTime now, ZoneId zone) {
        var today = now.withZoneSameInstant(zone).toLocalDate();
        var first = switch (this) {
            case WEEK -> today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
            case MONTH -> today.withDayOfMonth(1);
            case QUARTER -> today.with(IsoFields.DAY_OF_QUARTER, 1);
        };
        return first.atStartOfDay(zone);
    }
}
