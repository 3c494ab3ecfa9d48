package lodestar.quotes;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.slack.SlackText;

/** Block Kit and text for the voice of the customer. */
final class QuoteMessages {
    static final String CREDIT_ACTION = "quote_credit";
    static final String OWN_ACTION = "quote_own";
    static final String RESOLVE_ACTION = "quote_resolve";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM 'at' HH:mm", Locale.ENGLISH);

    static final String HELP = String.join(
            "\n",
            "*Bring the customer into the room*",
            "• `/quote add` — add a real customer quote (or use *More actions → Save as customer quote* on a message)",
            "• `/quote list [praise|critique] [words]` — the latest quotes, with their numbers",
            "• `/quote remove <number>` — archive a quote you added (admins: any quote)",
            "• `/quote schedule #channel 09:00 [Europe/Paris] [weekdays|daily|mon,wed,fri]` — a daily quote (admins)",
            "• `/quote schedule list` · `/quote schedule remove #channel` · `/quote post #channel` (admins)",
            "Posts alternate praise and critique, and no quote repeats in a channel until all have been posted there.");

    private QuoteMessages() {}

    /** A quote as posted in a channel, with the button that closes its loop. */
    static List<LayoutBlock> post(Quote quote) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String marker = quote.sentiment() == Sentiment.PRAISE
                ? ":clap: *Customer praise*"
                : ":triangular_flag_on_post: *Customer critique*";
        blocks.add(
                context(c -> c.elements(List.of(markdownText(":speech_balloon: Voice of the customer · " + marker)))));
        blocks.add(section(s -> s.text(markdownText(quoted(quote.text())))));
        List<String> about = new ArrayList<>();
        quote.attribution().ifPresent(who -> about.add("— " + SlackText.safe(who)));
        quote.source().ifPresent(source -> about.add(source(source)));
        quote.heardOn().ifPresent(date -> about.add("heard " + date));
        if (!about.isEmpty()) {
            // each field is at most 300 characters as typed, but "&" is five once escaped: kept within a text's limit
            String line = SlackText.truncate(String.join(" · ", about), SlackText.SECTION_TEXT_LIMIT);
            blocks.add(context(c -> c.elements(List.of(markdownText(line)))));
        }
        if (quote.sentiment() == Sentiment.PRAISE) {
            blocks.add(actions(a -> a.elements(List.of(button(b -> b.actionId(CREDIT_ACTION)
                    .text(plainText("Who made this happen?"))
                    .style("primary")
                    .value(String.valueOf(quote.id())))))));
        } else {
            blocks.addAll(loop(quote));
        }
        return blocks;
    }

    /** The notification text of a post (also read as mrkdwn by Slack), so escaped like the blocks. */
    static String postText(Quote quote) {
        return "Customer " + quote.sentiment().label() + ": " + SlackText.truncate(SlackText.safe(quote.text()), 200);
    }

    private static List<LayoutBlock> loop(Quote quote) {
        if (quote.ownerId().isEmpty()) {
            return List.of(actions(a -> a.elements(List.of(button(
                    b -> b.actionId(OWN_ACTION).text(plainText("I'll own this")).value(String.valueOf(quote.id())))))));
        }
        String owner = "<@" + quote.ownerId().get() + ">";
        if (quote.resolved()) {
            String note = SlackText.safe(quote.resolution().orElse(""));
            return List.of(section(s -> s.text(markdownText(":white_check_mark: Resolved by " + owner + ": " + note))));
        }
        return List.of(
                section(s -> s.text(markdownText(":raising_hand: Owned by " + owner))),
                actions(a -> a.elements(List.of(button(b ->
                        b.actionId(RESOLVE_ACTION).text(plainText("Resolved")).value(String.valueOf(quote.id())))))));
    }

    static String list(List<Quote> quotes) {
        if (quotes.isEmpty()) {
            return "No quotes match. Add one with `/quote add`.";
        }
        return quotes.stream()
                .map(quote -> "*#" + quote.id() + "* "
                        + (quote.sentiment() == Sentiment.PRAISE ? ":clap:" : ":triangular_flag_on_post:")
                        + " " + SlackText.truncate(SlackText.safe(quote.text()), 200)
                        + quote.attribution()
                                .map(who -> " — _" + SlackText.safe(who) + "_")
                                .orElse(""))
                .collect(Collectors.joining("\n"));
    }

    static String schedules(List<Schedule> schedules, java.util.function.Function<Schedule, Optional<Instant>> next) {
        if (schedules.isEmpty()) {
            return "No daily quotes yet. An admin can start one with `/quote schedule #channel 09:00`.";
        }
        return "*Daily customer quotes*\n"
                + schedules.stream()
                        .map(schedule -> "• <#" + schedule.channelId() + "> at " + schedule.time() + " "
                                + schedule.zone().getId()
                                + ", " + schedule.daysInWords()
                                + next.apply(schedule)
                                        .map(at -> " — next " + when(at, schedule.zone()))
                                        .orElse(""))
                        .collect(Collectors.joining("\n"));
    }

    static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone)) + " " + zone.getId();
    }

    /** The thanks for a quote added with the form, with its number (for {@code /quote remove}). */
    static String added(Quote quote) {
        return "Added quote #" + quote.id() + " to the library. Thank you for bringing the customer in.";
    }

    static String emptyLibrary(String channelId) {
        return "I couldn't post today's customer quote in <#" + channelId
                + ">: the quote library is empty. Add quotes with"
                + " `/quote add` (or import a CSV) and I'll carry on.";
    }

    static String cannotPost(String channelId, String error) {
        String fix = switch (error) {
            case "not_in_channel", "channel_not_found" -> "Invite me there with `/invite @Lodestar`";
            case "is_archived" ->
                "The channel is archived: move the schedule with `/quote schedule #another-channel 09:00`";
            default -> "Slack said `" + error + "`";
        };
        return "I couldn't post today's customer quote in <#" + channelId + ">. " + fix + ", and I'll carry on.";
    }

    private static String source(String source) {
        if (source.matches("https?://[^\\s<>|]+")) {
            return "Source: <" + source + ">"; // shown as it is: a bot post never hides where a link goes
        }
        return "Source: " + SlackText.safe(source);
    }

    private static String quoted(String text) {
        return SlackText.truncate(">" + SlackText.safe(text).replace("\n", "\n>"), SlackText.SECTION_TEXT_LIMIT);
    }
}
