package lodestar.workspace;

import java.util.regex.Pattern;
import lodestar.slack.SlackText;

/**
 * One of the company's CX values, used as a hashtag ({@code #ownership}) on kudos. Names are unique per
 * workspace whatever their case.
 */
public record CxValue(String name, String description) {
    public static final int NAME_LIMIT = 30;
    public static final int DESCRIPTION_LIMIT = 150;
    private static final Pattern NAME = Pattern.compile("\\p{L}[\\p{L}\\p{N}_-]*");

    /** Thrown with a message for the person who typed the value. */
    public static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    public CxValue {
        name = normaliseName(name);
        description = description == null ? "" : description.strip();
        if (description.isEmpty()) {
            throw new Invalid("Give #" + name + " a one-line description, e.g. `/cx values add " + name
                    + " — What it asks of us`.");
        }
        // Counted as the reader sees it: Slack sends "&" as "&amp;".
        int length = SlackText.plain(description).length();
        if (length > DESCRIPTION_LIMIT) {
            throw new Invalid("A value's description can be at most " + DESCRIPTION_LIMIT + " characters (this one has "
                    + length + ").");
        }
        if (description.contains("\n")) {
            throw new Invalid("A value's description must fit on one line.");
        }
        if (SlackText.hasBroadcastMention(description)) {
            throw new Invalid("A value's description can't mention @channel, @here or @everyone.");
        }
    }

    /** The name as people type it, without the leading {@code #}; rejects names that make bad hashtags. */
    public static String normaliseName(String name) {
        String bare = name == null ? "" : name.strip().replaceFirst("^#", "");
        if (bare.isEmpty()) {
            throw new Invalid(
                    "Name the value, e.g. `/cx values add ownership — Own the problem until the customer is whole`.");
        }
        if (bare.length() > NAME_LIMIT) {
            throw new Invalid("A value's name can be at most " + NAME_LIMIT + " characters.");
        }
        if (!NAME.matcher(bare).matches()) {
            throw new Invalid("A value's name must be one hashtag-friendly word: letters, digits, - or _, starting with"
                    + " a letter (e.g. `customer-first`).");
        }
        return bare;
    }

    /** The value as a hashtag. */
    public String tag() {
        return "#" + name;
    }
}
