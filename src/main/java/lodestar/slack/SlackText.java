package lodestar.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User text as Lodestar stores it is Slack mrkdwn as Slack sends it in slash commands ({@code &lt;},
 * {@code <@U123|alice>}, …); text typed into modals is converted with {@link #fromPlain}. Before the bot
 * posts such text it goes through {@link #safe}, so that it can never ping {@code @channel},
 * {@code @here} or {@code @everyone}, nor disguise a link behind a label.
 */
public final class SlackText {
    /** Block Kit's limit for the text of a section block. */
    public static final int SECTION_TEXT_LIMIT = 3000;
    /** Block Kit's limit for the text of a header block. */
    public static final int HEADER_TEXT_LIMIT = 150;
    /** Block Kit's limit for blocks in a message. */
    public static final int MESSAGE_BLOCK_LIMIT = 50;

    private static final Pattern TOKEN = Pattern.compile("<([^<>]*)>");
    private static final Pattern BROADCAST = Pattern.compile("@(channel|here|everyone)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern BROADCAST_TOKEN = Pattern.compile("<!(channel|here|everyone)(\\|[^>]*)?>");
    private static final Pattern ENTITY = Pattern.compile("&(?!(amp|lt|gt);)");
    private static final String WORD_JOINER = "\u2060";

    private SlackText() {}

    /** Converts text typed into a plain-text input to the mrkdwn form Lodestar stores. */
    public static String fromPlain(String plain) {
        return plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** True when the text would ping a whole channel or workspace if posted as typed. */
    public static boolean hasBroadcastMention(String mrkdwn) {
        return BROADCAST_TOKEN.matcher(mrkdwn).find();
    }

    /** Stored user text made safe to put in a mrkdwn field of a bot message. */
    public static String safe(String mrkdwn) {
        var out = new StringBuilder();
        Matcher token = TOKEN.matcher(mrkdwn);
        int last = 0;
        while (token.find()) {
            out.append(escapeLoose(mrkdwn.substring(last, token.start())));
            out.append(renderToken(token.group(1)));
            last = token.end();
        }
        out.append(escapeLoose(mrkdwn.substring(last)));
        return BROADCAST.matcher(out).replaceAll("@" + WORD_JOINER + "$1");
    }

    /** Stored user text as plain text, for plain_text fields (headers, inputs, notifications). */
    public static String plain(String mrkdwn) {
        var out = new StringBuilder();
        Matcher token = TOKEN.matcher(mrkdwn);
        int last = 0;
        while (token.find()) {
            out.append(mrkdwn, last, token.start());
            String inner = token.group(1);
            int bar = inner.indexOf('|');
            String label = bar >= 0 ? inner.substring(bar + 1) : inner;
            out.append(inner.startsWith("@") || inner.startsWith("#") ? label : plainLink(inner, bar, label));
            last = token.end();
        }
        out.append(mrkdwn.substring(last));
        String text = out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return BROADCAST.matcher(text).replaceAll("@" + WORD_JOINER + "$1");
    }

    /** The most of what someone typed that a reply repeats back ({@link #echo}). */
    public static final int ECHO_LIMIT = 40;

    /**
     * What someone typed (a word of a slash command, as Slack sent it), repeated back in a reply so that it can neither
     * ping ({@code <!here>} arrives as such) nor overflow the reply.
     */
    public static String echo(String typed) {
        return truncate(safe(typed), ECHO_LIMIT);
    }

    /** Cuts text to at most {@code limit} characters, marking the cut with an ellipsis. */
    public static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        // Never leave half a token (<@U123>, <url|label>) or entity (&amp;) at the cut.
        String cut = text.substring(0, limit - 1).replaceFirst("<[^>]*$", "").replaceFirst("&[a-z]{0,4}$", "");
        return cut + "…";
    }

    private static String plainLink(String inner, int bar, String label) {
        if (inner.startsWith("!")) {
            return "@" + label.replaceFirst("^[!@]", "").replaceFirst("\\^.*", "");
        }
        return bar >= 0 ? label + " (" + inner.substring(0, bar) + ")" : inner;
    }

    private static String renderToken(String inner) {
        int bar = inner.indexOf('|');
        String target = bar >= 0 ? inner.substring(0, bar) : inner;
        String label = bar >= 0 ? inner.substring(bar + 1) : null;
        if (target.matches("@[UW][A-Z0-9]+") || target.matches("#C[A-Z0-9]+")) {
            return "<" + target + ">";
        }
        if (target.startsWith("!")) {
            String name = label != null
                    ? label.replaceFirst("^@", "")
                    : target.substring(1).replaceFirst("\\^.*", "");
            return "@" + WORD_JOINER + escapeLoose(name);
        }
        return label != null ? escapeLoose(label) + " (" + escapeLoose(target) + ")" : escapeLoose(target);
    }

    /** Escapes what Slack would read as markup, leaving entities Slack already escaped alone. */
    private static String escapeLoose(String text) {
        return ENTITY.matcher(text).replaceAll("&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
