package lodestar.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.digest.Figures;
import lodestar.recognition.KudosLedger;
import lodestar.recognition.Summary;
import lodestar.slack.SlackText;

/** What the dashboard's templates show: values already worked out, formatted for reading; the templates escape. */
public final class Pages {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);
    /** The periods a leader may choose, in weeks. */
    private static final List<Integer> PERIODS = List.of(4, 8, 12, 26, 52);

    private Pages() {}

    /**
     * The overview a leader or admin sees: this week's figures as the digest computes them (the 7 days up to now), and
     * the digest's figures for each week of the period, in whole days (the last ends tonight).
     */
    public record Overview(String name, String csrf, int period, Figures thisWeek, List<Figures> trend) {
        /** The periods a leader may choose, in weeks. */
        public List<Integer> periods() {
            return PERIODS;
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
            return Pages.percent(value);
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

    /**
     * Recognition for leaders and admins over the chosen period: the digest's figures week by week (receiving
     * participation for every week), the values used month by month, and the newest kudos, newest first.
     */
    public record Recognition(
            String name,
            String csrf,
            int period,
            List<Figures> weeks,
            ValueTable values,
            List<KudosLedger.Row> latest) {
        public Recognition {
            weeks = List.copyOf(weeks);
            latest = List.copyOf(latest);
        }

        public List<Integer> periods() {
            return PERIODS;
        }

        /** Kudos given in the whole period: the weeks' kudos added up. */
        public int kudos() {
            return weeks.stream().mapToInt(Figures::kudos).sum();
        }

        public String percent(Optional<Double> value) {
            return Pages.percent(value);
        }

        public String week(Figures figures) {
            return Pages.week(figures);
        }

        public String given(KudosLedger.Row kudos) {
            return MINUTE.format(kudos.givenAt().atOffset(ZoneOffset.UTC));
        }

        public String people(List<String> userIds) {
            return String.join(", ", userIds);
        }

        public String tags(List<String> values) {
            return values.stream().map(v -> "#" + v).collect(Collectors.joining(" "));
        }
    }

    /**
     * The customer voice for leaders and admins: the digest's quote figures week by week over the chosen period, the
     * period's critiques still without an owner, and a search of the quote library.
     */
    public record Voice(
            String name,
            String csrf,
            int period,
            List<Figures> weeks,
            List<VoiceTable.Unowned> unowned,
            LibrarySearch search,
            List<VoiceTable.QuoteRow> quotes) {
        public Voice {
            weeks = List.copyOf(weeks);
            unowned = List.copyOf(unowned);
            quotes = List.copyOf(quotes);
        }

        public List<Integer> periods() {
            return PERIODS;
        }

        public String week(Figures figures) {
            return Pages.week(figures);
        }

        /** Reactions and replies per post, as the digest shows it; none when nothing was posted. */
        public String engagement(Figures figures) {
            return figures.quotesPosted() == 0 ? "—" : String.format(Locale.ENGLISH, "%.1f", figures.quoteEngagement());
        }

        /** The unowned critiques the page lists: the oldest quotes first, up to the page's limit. */
        public List<VoiceTable.Unowned> listed() {
            return unowned.subList(0, Math.min(unowned.size(), VoiceTable.UNOWNED_LISTED));
        }

        /** True when there are more unowned critiques than the page lists. */
        public boolean unownedCut() {
            return unowned.size() > VoiceTable.UNOWNED_LISTED;
        }
    }

    /** A page that says what happened and what to do next. */
    public record Message(String title, String text, Optional<String> link, Optional<String> linkText) {}

    static String percent(Optional<Double> value) {
        return value.map(v -> Math.round(v) + "%").orElse("—");
    }

    /** A week as its days, e.g. "24 Nov 2026 – 30 Nov 2026" (UTC). */
    static String week(Figures figures) {
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
