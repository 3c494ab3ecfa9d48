package lodestar.dashboard;

import java.util.ArrayList;
import java.util.List;
import lodestar.pulse.PulseMath;
import lodestar.pulse.Question;
import lodestar.pulse.Results;
import lodestar.pulse.Series;
import lodestar.slack.SlackText;

/**
 * Pulse results as the dashboard shows and exports them: run by run and question by question, from the tallies, never
 * an answer; a run or question below the minimum group size says {@link #NOT_ENOUGH} and nothing else.
 */
public final class PulseTable {
    public static final String NOT_ENOUGH = "not enough answers";

    /** One run of a series: when it closed, how many answered, and its headline figure. */
    public record RunRow(String closed, String responseRate, String figure) {}

    /** A series with its runs, oldest first. */
    public record SeriesRows(String title, List<RunRow> runs) {}

    private PulseTable() {}

    static SeriesRows rows(Series series, List<Results> runs) {
        List<RunRow> rows = new ArrayList<>();
        for (var results : runs) {
            rows.add(new RunRow(
                    Pages.isoDay(results.run().closesAt()),
                    results.responseRate() + "% (" + results.respondents() + " of " + results.audience() + ")",
                    headline(results)));
        }
        return new SeriesRows(SlackText.plain(series.title()), rows);
    }

    /** eNPS, or the CX belief score, or what is shown instead. */
    static String headline(Results results) {
        if (!results.enough()) {
            return NOT_ENOUGH;
        }
        if (results.enps().isPresent()) {
            int enps = results.enps().get();
            return "eNPS " + (enps > 0 ? "+" + enps : String.valueOf(enps));
        }
        return results.belief().map(b -> "CX belief " + Math.round(b) + "%").orElse("see the questions");
    }

    /** One question's result in words: its figure from the counts, or {@link #NOT_ENOUGH}. */
    static String question(Results results, Results.QuestionResult result) {
        if (!results.enough() || !result.enough()) {
            return NOT_ENOUGH;
        }
        long[] counts = result.counts();
        return switch (result.question().kind()) {
            case SCALE10 ->
                result.question().enps()
                        ? "eNPS " + PulseMath.enps(counts)
                        : String.format(java.util.Locale.ROOT, "mean %.1f of 10", PulseMath.scaleMean(counts));
            case AGREE5 ->
                String.format(
                        java.util.Locale.ROOT,
                        "mean %.1f, %d%% favourable",
                        PulseMath.mean(counts),
                        Math.round(PulseMath.favourable(counts)));
            case CHOICE -> choices(result.question(), counts);
            case COMMENT -> result.answers() + " comments";
        };
    }

    private static String choices(Question question, long[] counts) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < counts.length && i < question.options().size(); i++) {
            parts.add(SlackText.plain(question.options().get(i)) + ": " + counts[i]);
        }
        return String.join("; ", parts);
    }
}
