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
import lodestar.slack.SlackText;

/** Block Kit and text for pulse surveys: the survey, confirmations, reminders and notices. */
final class PulseMessages {
    static final String ANSWER_ACTION_PREFIX = "pulse_answer_";
    static final String COMMENT_ACTION = "pulse_comment";
    static final String ANONYMOUS_NOTE = "Anonymous: your answer is stored sealed, under a key only the Lodestar server"
            + " can make, so not even whoever runs its database can read it or tell whose it is; when the survey closes"
            + " only the totals are kept.";
    static final String NAMED_NOTE = "Not anonymous: your name is stored with your answers, and the survey's organisers"
            + " see it beside your comments.";
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
                .text(plainText(SlackText.truncate(SlackText.plain(label), 75)))
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

    static String signed(int value) {
        return value > 0 ? "+" + value : String.valueOf(value);
    }

    static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone)) + " " + zone.getId();
    }
}
