package lodestar.pulse;

import java.time.LocalTime;
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

    /**
     * When the run after one opening at {@code opened} opens, at the series' local time {@code at} in the opening's
     * zone; empty for a one-off survey. The time comes from the series, not from the last opening, so that an opening
     * that a daylight-saving gap moved (02:30 on the night clocks go forward is 03:30) does not move the ones after it.
     */
    public Optional<ZonedDateTime> next(ZonedDateTime opened, LocalTime at) {
        var day = opened.toLocalDate();
        return switch (this) {
            case ONCE -> Optional.empty();
            case WEEKLY -> Optional.of(ZonedDateTime.of(day.plusWeeks(1), at, opened.getZone()));
            case BIWEEKLY -> Optional.of(ZonedDateTime.of(day.plusWeeks(2), at, opened.getZone()));
            // the same weekday, first of its kind in the next month (e.g. the first Monday)
            case MONTHLY ->
                Optional.of(ZonedDateTime.of(
                        day.plusMonths(1).with(TemporalAdjusters.firstInMonth(day.getDayOfWeek())),
                        at,
                        opened.getZone()));
        };
    }
}
