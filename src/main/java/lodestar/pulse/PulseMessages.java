package lodestar.pulse;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lodestar.slack.SlackText;

/** Block Kit and text for pulse surveys: the survey, confirmations, reminders and results. */
final class PulseMessages {
    static final String ANSWER_ACTION_PREFIX = "pulse_answer_";
    static final String COMMENT_ACTION = "pulse_comment";
    static final String ANONYMOUS_NOTE = "Anonymous: Lodestar stores that you answered (for reminders and the response"
            + " rate) apart from your answer, which carries no name or time; the link between them is destroyed when"
            + " the survey closes.";
    static final String NAMED_NOTE =
            "Not anonymous: your name is stored with your answers and shown to the survey's" + " organisers.";
    static final String HELP = String.join(
            "\n",
            "*Pulse surveys: is the customer-centric culture taking hold?*",
            "• `/pulse new` — create a survey (eNPS, CX belief or custom), once or recurring (admins and leaders)",
            "• `/pulse list` — open and recent surveys with their response counts",
            "• `/pulse results <run>` — results, shown only when enough people answered to keep them anonymous",
            "• `/pulse close <run>` — close a survey now · `/pulse pause <series>` / `/pulse resume <series>`");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.ENGLISH);

    private PulseMessages() {}

    /** The survey as posted (or DMed); closed surveys lose their buttons. */
    static List<LayoutBlock> survey(Series series, Run run, int respondents, int audience, boolean closed) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h ->
                h.text(plainText(SlackText.truncate(":bar_chart: " + series.title(), SlackText.HEADER_TEXT_LIMIT)))));
        blocks.add(context(c -> c.elements(List.of(
                markdownText(series.anonymous() ? ":lock: " + ANONYMOUS_NOTE : ":warning: *" + NAMED_NOTE + "*")))));
        for (Question question : series.questions()) {
            String label = (series.anonymous() ? "" : "_(not anonymous)_ ") + "*" + question.position() + ".* "
                    + SlackText.safe(question.text());
            blocks.add(section(s -> s.text(markdownText(label))));
            if (!closed) {
                blocks.add(actions(a -> a.blockId("q" + question.position()).elements(buttons(run, question))));
            }
        }
        String status = closed
                ? ":checkered_flag: Closed · " + respondents + " of " + audience + " answered"
                : respondents + " of " + audience + " answered · closes " + when(run.closesAt(), series.zone());
        blocks.add(context(c -> c.elements(List.of(markdownText(status)))));
        return blocks;
    }

    static String surveyText(Series series) {
        return "Pulse survey: " + series.title();
    }

    private static List<BlockElement> buttons(Run run, Question question) {
        List<BlockElement> buttons = new ArrayList<>();
        switch (question.kind()) {
            case SCALE10 -> {
                for (int score = 0; score <= 10; score++) {
                    buttons.add(answerButton(run, question, score, String.valueOf(score)));
                }
            }
            case AGREE5 -> {
                for (int answer = 1; answer <= 5; answer++) {
                    buttons.add(answerButton(run, question, answer, Question.AGREEMENT.get(answer - 1)));
                }
            }
            case CHOICE -> {
                for (int option = 0; option < question.options().size(); option++) {
                    buttons.add(answerButton(
                            run, question, option, question.options().get(option)));
                }
            }
            case COMMENT ->
                buttons.add(button(b -> b.actionId(COMMENT_ACTION)
                        .text(plainText("Add a comment"))
                        .value(run.id() + ":" + question.position())));
        }
        return buttons;
    }

    private static BlockElement answerButton(Run run, Question question, int value, String label) {
        return button(b -> b.actionId(ANSWER_ACTION_PREFIX + question.position() + "_" + value)
                .text(plainText(SlackText.truncate(label, 75)))
                .value(run.id() + ":" + question.position() + ":" + value));
    }

    static String thanks(Series series, boolean changed) {
        String what = changed ? "Answer changed" : "Thanks";
        return series.anonymous()
                ? what + " — your answer is anonymous. " + ANONYMOUS_NOTE
                : what + " — your answer is recorded with your name. " + NAMED_NOTE;
    }

    static String reminderDm(Series series) {
        return ":wave: A reminder: the pulse survey *" + SlackText.safe(series.title()) + "* closes soon, and your"
                + " answer counts. Scroll up to answer it.";
    }

    static String reminderThread(Series series) {
        return ":wave: A reminder: *" + SlackText.safe(series.title()) + "* closes soon. If you haven't answered yet,"
                + " it takes a minute.";
    }

    /** To a survey's creator, when its run could not be posted in its channel. */
    static String surveyRefused(Series series, long runId, String error) {
        return ":warning: Your pulse survey *" + SlackText.safe(series.title()) + "* (run #" + runId
                + ") could not be posted in <#" + series.audienceId() + ">: Slack said `" + error
                + "`. Invite Lodestar to the channel before its next run.";
    }

    /** To a survey's creator, when its results could not be posted where they go. */
    static String resultsRefused(Series series, long runId, String destination, String error) {
        String where = destination.startsWith("U") || destination.startsWith("W")
                ? "<@" + destination + ">"
                : "<#" + destination + ">";
        return ":warning: The results of your pulse survey *" + SlackText.safe(series.title()) + "* (run #" + runId
                + ") could not be posted to " + where + ": Slack said `" + error + "`. `/pulse results " + runId
                + "` shows them.";
    }

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
                .ifPresent(enps -> blocks.add(section(s -> s.text(markdownText("*eNPS " + signed(enps) + "*"
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
                text.append("eNPS *")
                        .append(signed(PulseMath.enps(c)))
                        .append("*")
                        .append(change(Optional.of(PulseMath.enps(c)), p.map(PulseMath::enps), ""))
                        .append(" · promoters ")
                        .append(share(c, p, 9, 10))
                        .append(" · passives ")
                        .append(share(c, p, 7, 8))
                        .append(" · detractors ")
                        .append(share(c, p, 0, 6))
                        .append('\n');
                for (int score = 0; score <= 10; score++) {
                    text.append(bar(String.format("%2d", score), c[score], total));
                }
            }
            case AGREE5 -> {
                double mean = PulseMath.mean(c);
                text.append("Mean *")
                        .append(mean)
                        .append("*")
                        .append(p.map(counts -> meanChange(mean, PulseMath.mean(counts)))
                                .orElse(""))
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

    static String signed(int value) {
        return value > 0 ? "+" + value : String.valueOf(value);
    }

    static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone)) + " " + zone.getId();
    }
}
