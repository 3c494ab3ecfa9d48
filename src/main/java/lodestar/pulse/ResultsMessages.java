package lodestar.pulse;

import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.slack.SlackText;

/**
 * A run's results as Block Kit, each figure with its change since the previous run; nothing below the minimum group
 * size. User text (questions, options, comments) is escaped here, once, and shown as plain text.
 */
final class ResultsMessages {
    private ResultsMessages() {}

    /** The results of a run, only above the minimum group size. */
    static List<LayoutBlock> results(Results results) {
        List<LayoutBlock> blocks = new ArrayList<>();
        var series = results.series();
        blocks.add(header(
                h -> h.text(plainText(SlackText.truncate("Results: " + series.title(), SlackText.HEADER_TEXT_LIMIT)))));
        String rate = "Response rate *" + results.responseRate() + "%* (" + results.respondents() + " of "
                + results.audience() + ")"
                + delta(Optional.of(results.responseRate()), results.previous().map(Results::responseRate), "");
        blocks.add(section(s -> s.text(markdownText(rate))));
        if (!results.enough()) {
            blocks.add(section(s -> s.text(markdownText("Not enough answers to show results anonymously: at least "
                    + series.minGroup() + " people must answer."))));
            return blocks;
        }
        results.enps()
                .ifPresent(enps -> blocks.add(section(s -> s.text(markdownText("*eNPS " + PulseMessages.signed(enps)
                        + "*"
                        + delta(
                                Optional.of(enps),
                                results.previous().filter(Results::enough).flatMap(Results::enps),
                                ""))))));
        results.belief()
                .ifPresent(belief -> blocks.add(section(s -> s.text(markdownText("*CX belief score "
                        + Math.round(belief) + "%*"
                        + delta(
                                Optional.of((int) Math.round(belief)),
                                results.previous()
                                        .filter(Results::enough)
                                        .flatMap(Results::belief)
                                        .map(b -> (int) Math.round(b)),
                                " pts"))))));
        for (var question : results.questions()) {
            String text = questionResult(question, results.before(question), series.minGroup());
            blocks.add(section(s -> s.text(markdownText(SlackText.truncate(text, SlackText.SECTION_TEXT_LIMIT)))));
        }
        return blocks.subList(0, Math.min(blocks.size(), SlackText.MESSAGE_BLOCK_LIMIT));
    }

    static String resultsText(Results results) {
        return "Results: " + results.series().title() + " — " + results.responseRate() + "% responded";
    }

    /** One question's figures, each with its change since the previous run when there is one. */
    private static String questionResult(
            Results.QuestionResult result, Optional<Results.QuestionResult> before, int minGroup) {
        var question = result.question();
        var text = new StringBuilder("*" + question.position() + ". " + SlackText.safe(question.text()) + "*\n");
        if (!result.enough()) {
            return text.append("_Not enough answers to show results anonymously: at least ")
                    .append(minGroup)
                    .append(" people must answer this question._")
                    .toString();
        }
        long total = result.answers();
        long[] c = result.counts();
        Optional<long[]> p = before.map(Results.QuestionResult::counts);
        switch (question.kind()) {
            case SCALE10 -> {
                if (question.enps()) {
                    text.append("eNPS *")
                            .append(PulseMessages.signed(PulseMath.enps(c)))
                            .append("*")
                            .append(change(Optional.of(PulseMath.enps(c)), p.map(PulseMath::enps), ""))
                            .append(" · promoters ")
                            .append(share(c, p, 9, 10))
                            .append(" · passives ")
                            .append(share(c, p, 7, 8))
                            .append(" · detractors ")
                            .append(share(c, p, 0, 6))
                            .append('\n');
                } else {
                    text.append(mean(c, p, PulseMath::scaleMean, " out of 10")).append('\n');
                }
                for (int score = 0; score <= 10; score++) {
                    text.append(bar(String.format("%2d", score), c[score], total));
                }
            }
            case AGREE5 -> {
                text.append(mean(c, p, PulseMath::mean, ""))
                        .append(" · favourable *")
                        .append(Math.round(PulseMath.favourable(c)))
                        .append("%*")
                        .append(change(
                                Optional.of((int) Math.round(PulseMath.favourable(c))),
                                p.map(counts -> (int) Math.round(PulseMath.favourable(counts))),
                                " pts"))
                        .append('\n');
                for (int i = 0; i < 5; i++) {
                    text.append(bar(Question.AGREEMENT.get(i), c[i], total));
                }
            }
            case CHOICE -> {
                for (int i = 0; i < question.options().size(); i++) {
                    int option = i;
                    String line = bar(SlackText.safe(question.options().get(i)), c[i], total);
                    text.append(line, 0, line.length() - 1)
                            .append(change(
                                    Optional.of(PulseMath.percent(c[i], total)),
                                    p.map(counts -> PulseMath.percent(counts[option], PulseMath.sum(counts))),
                                    " pts"))
                            .append('\n');
                }
            }
            case COMMENT -> {
                if (result.comments().isEmpty()) {
                    text.append("_No comments._");
                }
                for (var comment : result.comments()) {
                    text.append("> ")
                            .append(SlackText.truncate(
                                    SlackText.safe(comment.text()).replace("\n", " "), 300))
                            .append(comment.author()
                                    .map(author -> " — <@" + author + ">")
                                    .orElse(""))
                            .append('\n');
                }
            }
        }
        return text.toString().strip();
    }

    /** The share of answers from {@code from} to {@code to} (inclusive), with its change in points. */
    private static String share(long[] counts, Optional<long[]> before, int from, int to) {
        return PulseMath.percent(sum(counts, from, to), PulseMath.sum(counts)) + "%"
                + change(
                        Optional.of(PulseMath.percent(sum(counts, from, to), PulseMath.sum(counts))),
                        before.map(b -> PulseMath.percent(sum(b, from, to), PulseMath.sum(b))),
                        " pts");
    }

    private static long sum(long[] counts, int from, int to) {
        long total = 0;
        for (int i = from; i <= to; i++) {
            total += counts[i];
        }
        return total;
    }

    /** A compact change, e.g. " (▲ 5 pts)"; empty without a previous figure. */
    private static String change(Optional<Integer> now, Optional<Integer> before, String unit) {
        if (now.isEmpty() || before.isEmpty()) {
            return "";
        }
        int change = now.get() - before.get();
        return change == 0 ? " (=)" : " (" + (change > 0 ? "▲ " : "▼ ") + Math.abs(change) + unit + ")";
    }

    /** "Mean *x*" and its {@code unit}, with its change since the previous run's {@code before}. */
    private static String mean(
            long[] counts, Optional<long[]> before, java.util.function.ToDoubleFunction<long[]> of, String unit) {
        double mean = of.applyAsDouble(counts);
        return "Mean *" + mean + "*" + unit
                + before.map(p -> meanChange(mean, of.applyAsDouble(p))).orElse("");
    }

    private static String meanChange(double now, double before) {
        long tenths = Math.round(10 * (now - before));
        return tenths == 0 ? " (=)" : " (" + (tenths > 0 ? "▲ " : "▼ ") + Math.abs(tenths) / 10.0 + ")";
    }

    private static String bar(String label, long count, long total) {
        int width = total == 0 ? 0 : (int) Math.round(20.0 * count / total);
        return "`" + label + "` " + "█".repeat(width) + (width == 0 ? "▏" : "") + " " + count + " ("
                + PulseMath.percent(count, total) + "%)\n";
    }

    private static String delta(Optional<Integer> now, Optional<Integer> before, String unit) {
        if (now.isEmpty() || before.isEmpty()) {
            return "";
        }
        int change = now.get() - before.get();
        return change == 0
                ? " = since last run"
                : (change > 0 ? " ▲ " : " ▼ ") + Math.abs(change) + unit + " since last run";
    }
}
