package lodestar.recognition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code /kudos} text as Slack sends it: {@code <@U123|alice> <@U456> #ownership Stayed late…}. The
 * mentions and #tags before the reason name the recipients and values; #tags inside the reason count as values
 * too, while mentions inside it stay part of the story.
 */
final class KudosParser {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MENTION = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|[^>]*)?>");
    private static final Pattern TAG = Pattern.compile("#([\\p{L}\\p{N}_-]+)");
    /**
     * A value tagged inside the reason, read once Slack's tokens (links, with their labels; channel links) are taken
     * out: a # not inside a word, an address ({@code acme.com/#pricing}) or an entity ({@code &#39;}).
     */
    private static final Pattern TAG_IN_TEXT = Pattern.compile("(?<![\\w<&#/.])#(\\p{L}[\\p{L}\\p{N}_-]*)");
    /** A token of Slack's markup: a link ({@code <https://…|label>}), a mention, a channel link. */
    private static final Pattern TOKEN = Pattern.compile("<[^<>]*>");

    private KudosParser() {}

    static KudosInput parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return new KudosInput.OpenModal();
        }
        // the first two words and the rest: all that is read here (a give's own words are split by give)
        String[] words = WHITESPACE.split(trimmed, 3);
        String first = words[0].toLowerCase(Locale.ROOT);
        switch (first) {
            case "help":
                return new KudosInput.Help();
            case "me":
                return words.length == 1 ? new KudosInput.Mine() : give(trimmed);
            case "top":
                if (words.length == 1) {
                    return new KudosInput.Top(Period.MONTH);
                }
                return Period.parse(words[1])
                        .<KudosInput>map(KudosInput.Top::new)
                        .orElse(new KudosInput.Malformed(
                                "Use `/kudos top week`, `/kudos top month` or `/kudos top quarter`."));
            case "remove":
                if (words.length == 2 && words[1].replaceFirst("^#", "").matches("\\d{1,18}")) {
                    return new KudosInput.Remove(Long.parseLong(words[1].replaceFirst("^#", "")));
                }
                return new KudosInput.Malformed("Give the number of the kudos to remove, e.g. `/kudos remove 42` (it is"
                        + " at the bottom of each kudos post).");
            default:
                return give(trimmed);
        }
    }

    private static KudosInput give(String text) {
        List<String> recipients = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String rest = text;
        while (true) {
            String[] head = WHITESPACE.split(rest, 2);
            Matcher mention = MENTION.matcher(head[0]);
            Matcher tag = TAG.matcher(head[0]);
            if (mention.matches()) {
                recipients.add(mention.group(1));
            } else if (tag.matches()) {
                values.add(tag.group(1));
            } else {
                break;
            }
            rest = head.length > 1 ? head[1].strip() : "";
            if (rest.isEmpty()) {
                break;
            }
        }
        Matcher inText = TAG_IN_TEXT.matcher(TOKEN.matcher(rest).replaceAll(" "));
        while (inText.find()) {
            values.add(inText.group(1));
        }
        return new KudosInput.Give(recipients, values, rest);
    }
}
