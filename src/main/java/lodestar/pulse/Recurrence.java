package lodestar.pulse;

import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** How often a series runs. Times stay at the same local time across daylight-saving changes. */
public enum Recurrence {
    ONCE("once"),
    WEEKLY("weekly"),
    BIWEEKLY("every 2 weeks"),
    MONTHLY("monthly");

    private final String words;

    Recurrence(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** When the run after one opening at {@code opened} opens; empty for a one-off survey. */
    public Optional<ZonedDateTime> next(ZonedDateTime opened) {
        return switch (this) {
            case ONCE -> Optional.empty();
            case WEEKLY -> Optional.of(opened.plusWeeks(1));
            case BIWEEKLY -> Optional.of(opened.plusWeeks(2));
            // the same weekday, first of its kind in the next month (e.g. the first Monday)
            case MONTHLY ->
                Optional.of(opened.plusMonths(1)
                        .with(TemporalAdjusters.firstInMonth(opened.getDayOfWeek()))
                        .withHour(opened.getHour())
                        .withMinute(opened.getMinute()));
        };
    }
}
