package lodestar.quotes;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A channel's daily customer quote: at a local time, in a time zone, on some days of the week. */
public record Schedule(String channelId, LocalTime time, ZoneId zone, String days, String ownerId) {
    public static final String WEEKDAYS = "MON-FRI";
    public static final String DAILY = "MON-SUN";
    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    /** The Quartz cron expression that fires at the schedule's local time on its days. */
    public String cron() {
        return "0 " + time.getMinute() + " " + time.getHour() + " ? * " + days;
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
