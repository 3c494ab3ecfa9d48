package lodestar.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.digest.Figures;
import lodestar.recognition.Summary;
import lodestar.slack.SlackText;

/** What the dashboard's templates show: values already worked out, formatted for reading; the templates escape. */
public final class Pages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private Pages() {}

    /**
     * The overview a leader or admin sees: this week's figures as the digest computes them (the 7 days up to now), and
     * the digest's figures for each week of the period, in whole days (the last ends tonight).
     */
    public record Overview(String name, String csrf, int period, Figures thisWeek, List<Figures> trend) {
        /** The periods a leader may choose, in weeks. */
        public List<Integer> periods() {
            return List.of(4, 8, 12, 26, 52);
        }

        public Figures now() {
            return thisWeek;
        }

        /** The chosen period's weeks, oldest first, the last ending tonight. */
        public List<Figures> weeks() {
            return trend;
        }

        public String index(Figures figures) {
            return figures.index().value().map(String::valueOf).orElse("—");
        }

        public String percent(Optional<Double> value) {
            return value.map(v -> Math.round(v) + "%").orElse("—");
        }

        public String number(Optional<Integer> value) {
            return value.map(String::valueOf).orElse("—");
        }

        public String signed(Optional<Integer> value) {
            return value.map(v -> v > 0 ? "+" + v : String.valueOf(v)).orElse("—");
        }

        public String week(Figures figures) {
            return Pages.week(figures);
        }

        public List<String> components() {
            return now().index().components().entrySet().stream()
                    .map(c -> c.getKey() + ": " + Math.round(c.getValue()))
                    .toList();
        }
    }

    /** What a member who is not a leader or admin sees: their own recognition, as the App Home shows it. */
    public record Member(String name, String csrf, Summary summary) {
        public List<String> recent() {
            return summary.recentReceived().stream()
                    .map(kudos -> "From " + kudos.giverId() + ": " + SlackText.plain(kudos.reason()))
                    .toList();
        }
    }

    /** Pulse surveys run by run, for leaders and admins. */
    public record Pulse(String name, String csrf, List<PulseTable.SeriesRows> series) {
        public String notEnough() {
            return PulseTable.NOT_ENOUGH;
        }
    }

    /** A page that says what happened and what to do next. */
    public record Message(String title, String text, Optional<String> link, Optional<String> linkText) {}

    /** A week as its days, e.g. "24 Nov 2026 – 30 Nov 2026" (UTC). */
    public static String week(Figures figures) {
        return week(figures.from(), figures.to());
    }

    static String week(Instant from, Instant to) {
        return DAY.format(from.atOffset(ZoneOffset.UTC)) + " – "
                + DAY.format(to.minusNanos(1).atOffset(ZoneOffset.UTC));
    }

    static String isoDay(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
