package lodestar.quotes;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** A channel's daily customer quote: at a local time, in a time zone, on some days of the week. */
public record Schedule(String channelId, LocalTime time, ZoneId zone, String days, String ownerId) {
    public static final String WEEKDAYS = "MON-FRI";
    public static final String DAILY = "MON-SUN";
    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    /** The Quartz cron expression that fires at the schedule's local time on its days. */
    public String cron() {
        return "0 " + time.getMinute() + " " + time.getHour() + " ? * " + days;
    }

    /**
     * The local day of the schedule's latest firing at or before {@code firedAt}. A firing missed during
     * downtime runs late (Quartz then reports the restart time as its fire time), and it still belongs to the
     * day it was missed on, not to the day the bot came back.
     */
    public LocalDate dayOf(Instant firedAt) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron());
        } catch (ParseException e) {
            throw new IllegalStateException("Invalid cron expression " + cron(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        LocalDate today = firedAt.atZone(zone).toLocalDate();
        // Quartz can only step forwards: try each earlier day's first firing, back to a week ago.
        for (LocalDate day = today; !day.isBefore(today.minusDays(7)); day = day.minusDays(1)) {
            Date after = Date.from(day.atStartOfDay(zone).toInstant().minusMillis(1));
            Date firing = expression.getTimeAfter(after);
            if (firing != null
                    && !firing.toInstant().isAfter(firedAt)
                    && firing.toInstant().atZone(zone).toLocalDate().equals(day)) {
                return day;
            }
        }
        return today;
    }

    /** Days as people write them: {@code weekdays}, {@code daily}, or a list such as {@code mon,wed,fri}. */
    public static Optional<String> parseDays(String text) {
        String lower = text.toLowerCase(Locale.ROOT).strip();
        if (lower.equals("weekdays")) {
            return Optional.of(WEEKDAYS);
        }
        if (lower.equals("daily") || lower.equals("every day")) {
            return Optional.of(DAILY);
        }
        Set<String> days = new LinkedHashSet<>();
        for (String day : lower.split(",")) {
            String name = day.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            name = name.length() > 3 ? name.substring(0, 3) : name;
            if (!DAY_NAMES.contains(name)) {
                return Optional.empty();
            }
            days.add(name);
        }
        return Optional.of(
                String.join(",", DAY_NAMES.stream().filter(days::contains).toList()));
    }

    /** The days in words, for people. */
    public String daysInWords() {
        return switch (days) {
            case WEEKDAYS -> "weekdays";
            case DAILY -> "every day";
            default -> days.toLowerCase(Locale.ROOT).replace(",", ", ");
        };
    }
}
