package lodestar.slack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shapes of Slack's ids and links, for values that come back to Lodestar through Slack but were not checked by it
 * (a view's {@code private_metadata}, a button's value): anything else is treated as absent, never posted or stored.
 */
public final class SlackIds {
    private static final Pattern CHANNEL = Pattern.compile("[CDG][A-Z0-9]{2,20}");
    private static final Pattern TS = Pattern.compile("\\d{1,12}\\.\\d{1,8}");

    private SlackIds() {}

    /** A public or private channel, or a DM: {@code C…}, {@code G…}, {@code D…}. */
    public static boolean isChannel(String value) {
        return value != null && CHANNEL.matcher(value).matches();
    }

    /** A message timestamp such as {@code 1700000000.000100}. */
    public static boolean isTs(String value) {
        return value != null && TS.matcher(value).matches();
    }

    /**
     * The address of the message {@code ts} in {@code channelId}, which opens it in the app or the browser (for a
     * message Lodestar posted itself: no {@code chat.getPermalink} call needed).
     */
    public static String messageLink(String channelId, String ts) {
        return "https://slack.com/archives/" + channelId + "/p" + ts.replace(".", "");
    }

    /** A Slack permalink: https on slack.com, nothing that could break out of a {@code <link|label>}. */
    public static boolean isPermalink(String value) {
        if (value == null || value.length() > 500 || !value.matches("[^\\s<>|]+")) {
            return false;
        }
        try {
            var uri = new URI(value);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            return "https".equals(uri.getScheme()) && (host.equals("slack.com") || host.endsWith(".slack.com"));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
