package lodestar.recognition;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.slack.SlackText;

/** Block Kit and text for recognition: the public post, DMs, confirmations, summaries and the Home section. */
final class RecognitionMessages {
    static final String UNDO_ACTION = "kudos_undo";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.ENGLISH);

    static final String HELP = String.join(
            "\n",
            "*Give kudos for customer-first work*",
            "• `/kudos @alice @bob #ownership Stayed late to fix Acme's export before their board meeting`",
            "   up to " + RecognitionService.MAX_RECIPIENTS
                    + " people, any of our values as #tags, and what they did (at least "
                    + RecognitionService.REASON_MIN + " characters)",
            "• `/kudos` opens a form; on any message, *More actions → Give kudos* points the kudos at it",
            "• `/kudos me`: what you received and gave this month, and what you may still give",
            "• `/kudos top [week|month|quarter]`: most-recognised people and most-used values",
            "• `/kudos remove <id>`: admins remove a kudos (recorded, never silent)",
            "You can undo a kudos for " + RecognitionService.UNDO_WINDOW.toMinutes() + " minutes after giving it.");

    private RecognitionMessages() {}

    static String when(ZonedDateTime time) {
        return WHEN.format(time);
    }

    static String mentions(List<String> userIds) {
        var tagged = userIds.stream().map(id -> "<@" + id + ">").toList();
        if (tagged.size() <= 1) {
            return String.join("", tagged);
        }
        return String.join(", ", tagged.subList(0, tagged.size() - 1)) + " and " + tagged.get(tagged.size() - 1);
    }

    static String tags(List<String> values) {
        return values.stream().map(value -> "`#" + SlackText.safe(value) + "`").collect(Collectors.joining(" "));
    }

    /** The public post in the recognition channel. */
    static List<LayoutBlock> post(Kudos kudos) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String headline = ":star2: <@" + kudos.giverId() + "> recognised " + mentions(kudos.recipients())
                + (kudos.values().isEmpty() ? "" : "  " + tags(kudos.values()));
        blocks.add(section(s -> s.text(markdownText(headline))));
        blocks.add(section(s -> s.text(markdownText(quoted(kudos.reason())))));
        kudos.quote()
                .ifPresent(quote -> blocks.add(context(c -> c.elements(List.of(markdownText(SlackText.truncate(
                        ":speech_balloon: In answer to the customer: _"
                                + SlackText.safe(quote.text()).replace("\n", " ") + "_",
                        SlackText.SECTION_TEXT_LIMIT)))))));
        kudos.customerImpact()
                .ifPresent(impact -> blocks.add(section(s -> s.text(markdownText(SlackText.truncate(
                        "*Customer impact:* " + SlackText.safe(impact), SlackText.SECTION_TEXT_LIMIT))))));
        List<String> footer = new ArrayList<>();
        kudos.link().ifPresent(link -> footer.add("<" + link + "|View the conversation>"));
        footer.add("Kudos #" + kudos.id() + " · react to celebrate");
        blocks.add(context(c -> c.elements(List.of(markdownText(String.join(" · ", footer))))));
        return blocks;
    }

    static String postText(Kudos kudos) {
        return "Kudos from <@" + kudos.giverId() + "> to " + mentions(kudos.recipients()) + ": "
                + SlackText.truncate(SlackText.safe(kudos.reason()), 300);
    }

    /** The post after the kudos was taken back. */
    static List<LayoutBlock> withdrawnPost(Kudos kudos) {
        String who = kudos.withdrawal().orElseThrow() == Kudos.Withdrawal.UNDO ? "by the giver" : "by a moderator";
        return List.of(section(
                s -> s.text(markdownText(":wastebasket: _Kudos #" + kudos.id() + " was withdrawn " + who + "._"))));
    }

    static String withdrawnText(Kudos kudos) {
        return "Kudos #" + kudos.id() + " was withdrawn.";
    }

    /** The DM each recipient gets. */
    static String dm(Kudos kudos, Optional<String> postLink) {
        return ":star2: <@" + kudos.giverId() + "> gave you kudos"
                + (kudos.values().isEmpty() ? "" : " for " + tags(kudos.values())) + ":\n"
                + quoted(kudos.reason())
                + postLink.map(link -> "\n<" + link + "|See the post>").orElse("");
    }

    /**
     * The giver's confirmation, with an undo button. Whether it says "Posted" comes from the post stored with the
     * kudos, so a retried request never claims a post that failed or has not happened yet.
     */
    static List<LayoutBlock> confirmation(Kudos kudos, Remaining remaining, Optional<String> postProblem) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String channel = "<#" + kudos.postChannelId() + ">";
        String posted = postProblem
                .map(problem -> problem.equals(KudosAnnouncer.POSTED_SOON)
                        ? "It will be posted in " + channel + " in its turn, within moments (Slack takes about one"
                                + " message a second in a channel)."
                        : "I recorded it, but couldn't post it in " + channel + ": " + problem)
                .orElse(
                        kudos.postTs().isPresent()
                                ? "Posted in " + channel + "."
                                : "I recorded it; there is no post in " + channel
                                        + " yet (the first try may have failed or still be running).");
        blocks.add(section(s -> s.text(markdownText(":white_check_mark: Kudos sent to " + mentions(kudos.recipients())
                + ". " + posted + "\n" + left(remaining)))));
        blocks.add(actions(a -> a.elements(List.of(
                button(b -> b.actionId(UNDO_ACTION).text(plainText("Undo")).value(String.valueOf(kudos.id())))))));
        blocks.add(context(c -> c.elements(List.of(
                markdownText("You can undo for " + RecognitionService.UNDO_WINDOW.toMinutes() + " minutes.")))));
        return blocks;
    }

    static String confirmationText(Kudos kudos, Remaining remaining) {
        return "Kudos sent to " + mentions(kudos.recipients()) + ". " + left(remaining);
    }

    static String left(Remaining remaining) {
        String period = remaining.allowance().period().label();
        return "You have *" + remaining.left() + "* of " + remaining.allowance().count() + " kudos left this " + period
                + " (resets " + when(remaining.resetsAt()) + ").";
    }

    static String undone(Kudos kudos, Remaining remaining) {
        return "Kudos #" + kudos.id() + " withdrawn; the post says so. " + left(remaining);
    }

    static String rejected(List<GiveResult.Problem> problems) {
        return problems.stream().map(problem -> "• " + problem.message()).collect(Collectors.joining("\n"));
    }

    static String summary(Summary summary) {
        return "*Your kudos this month*\n"
                + "Received: *" + summary.receivedCount() + "*" + byValue(summary.receivedByValue()) + "\n"
                + "Given: *" + summary.givenCount() + "*" + byValue(summary.givenByValue()) + "\n"
                + left(summary.remaining());
    }

    static String leaderboard(Leaderboard board) {
        var text = new StringBuilder("*Recognition this " + board.period().label() + "*\n");
        if (board.showsPeople()) {
            text.append("*Most recognised*\n").append(ranked(board.people(), count -> "<@" + count.key() + ">"));
        } else {
            text.append("_Leaderboards of people are turned off in this workspace._\n");
        }
        text.append("*Most-used values*\n").append(ranked(board.values(), count -> "`#" + count.key() + "`"));
        return text.toString().strip();
    }

    /** The recognition part of the Home tab. */
    static List<LayoutBlock> home(Summary summary) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(divider());
        blocks.add(header(h -> h.text(plainText("Your recognition"))));
        blocks.add(section(s -> s.text(markdownText(summary(summary)))));
        if (summary.recentReceived().isEmpty()) {
            blocks.add(section(
                    s -> s.text(markdownText("No kudos received yet. Give some with `/kudos`: it's contagious."))));
        } else {
            // Each kudos gets an equal share of the section, so that many long value tags cannot push it past
            // Block Kit's limit (Slack would refuse the whole Home tab).
            String title = "*Recently received*";
            int share = (SlackText.SECTION_TEXT_LIMIT - title.length())
                            / summary.recentReceived().size()
                    - 1;
            String recent = summary.recentReceived().stream()
                    .map(kudos -> SlackText.truncate(
                            "• From <@" + kudos.giverId() + ">"
                                    + (kudos.values().isEmpty() ? "" : " " + tags(kudos.values())) + ": "
                                    + SlackText.truncate(SlackText.safe(kudos.reason()), 200),
                            share))
                    .collect(Collectors.joining("\n"));
            blocks.add(section(s -> s.text(markdownText(title + "\n" + recent))));
        }
        return blocks;
    }

    private static String byValue(List<Count> counts) {
        return counts.isEmpty()
                ? ""
                : " ("
                        + counts.stream()
                                .map(count -> "#" + count.key() + " " + count.count())
                                .collect(Collectors.joining(", "))
                        + ")";
    }

    private static String ranked(List<Count> counts, java.util.function.Function<Count, String> name) {
        if (counts.isEmpty()) {
            return "_None yet._\n";
        }
        var text = new StringBuilder();
        for (int i = 0; i < counts.size(); i++) {
            text.append(i + 1)
                    .append(". ")
                    .append(name.apply(counts.get(i)))
                    .append(" — ")
                    .append(counts.get(i).count())
                    .append('\n');
        }
        return text.toString();
    }

    private static String quoted(String reason) {
        return SlackText.truncate(">" + SlackText.safe(reason).replace("\n", "\n>"), SlackText.SECTION_TEXT_LIMIT);
    }
}
