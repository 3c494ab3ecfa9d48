package lodestar.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lodestar.slack.SlackText;

/** Parses the text of {@code /cx} (as Slack sends it, with mentions escaped as {@code <@U123|name>}). */
final class CxParser {
    private static final Pattern USER_MENTION = Pattern.compile("<@([UW][A-Z0-9]+)(?:\\|[^>]*)?>");
    private static final Pattern CHANNEL_MENTION = Pattern.compile("<#([CG][A-Z0-9]+)(?:\\|[^>]*)?>");
    private static final Pattern ALLOWANCE = Pattern.compile("(\\d{1,4})\\s*(?:(?:per|a|/)\\s*)?(day|week)");
    private static final Pattern SEPARATOR = Pattern.compile("^\\s*(?:—|–|--|-|:)?\\s*");
    static final String USAGE = "Try `/cx help` to see what Lodestar can do.";

    private CxParser() {}

    static CxRequest parse(String text) {
        String[] words = (text == null ? "" : text.strip()).split("\\s+", 2);
        String command = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        return switch (command) {
            case "", "help" -> new CxRequest.Help();
            case "mission" -> rest.isEmpty() ? new CxRequest.ShowMission() : new CxRequest.SetMission(rest);
            case "values" -> values(rest);
            case "leaders" -> role(Role.LEADER, rest);
            case "admins" -> role(Role.ADMIN, rest);
            case "channel" -> channel(rest);
            case "allowance" -> allowance(rest);
            case "leaderboard" -> leaderboard(rest);
            case "digest" -> digest(rest);
            default -> new CxRequest.Malformed("I don't know `/cx " + SlackText.echo(words[0]) + "`. " + USAGE);
        };
    }

    private static CxRequest channel(String rest) {
        if (rest.isEmpty()) {
            return new CxRequest.ShowRecognition();
        }
        String[] words = rest.split("\\s+", 2);
        String kind = words[0].toLowerCase(Locale.ROOT);
        if (!kind.equals("kudos") && !kind.equals("digest")) {
            return new CxRequest.Malformed("Use `/cx channel kudos #recognition` (where kudos are posted) or"
                    + " `/cx channel digest #leadership` (where the weekly digest also goes).");
        }
        Matcher channel = CHANNEL_MENTION.matcher(words.length > 1 ? words[1].strip() : "");
        if (!channel.matches()) {
            return new CxRequest.Malformed("Name one channel with #, e.g. `/cx channel " + kind + " #"
                    + (kind.equals("kudos") ? "recognition" : "leadership") + "`.");
        }
        return kind.equals("kudos")
                ? new CxRequest.SetKudosChannel(channel.group(1))
                : new CxRequest.SetDigestChannel(channel.group(1));
    }

    private static CxRequest digest(String rest) {
        if (rest.isEmpty()) {
            return new CxRequest.ShowDigest();
        }
        String usage = "Use `/cx digest` (the digest now) or `/cx digest schedule monday 09:00`.";
        String[] words = rest.split("\\s+");
        if (words.length != 3 || !words[0].equalsIgnoreCase("schedule")) {
            return new CxRequest.Malformed(usage);
        }
        java.time.DayOfWeek day = null;
        for (java.time.DayOfWeek candidate : java.time.DayOfWeek.values()) {
            if (candidate.name().startsWith(words[1].toUpperCase(Locale.ROOT)) && words[1].length() >= 3) {
                day = candidate;
            }
        }
        if (day == null) {
            return new CxRequest.Malformed("`" + SlackText.echo(words[1]) + "` is not a day of the week. " + usage);
        }
        try {
            String time = words[2].length() == 4 ? "0" + words[2] : words[2];
            return new CxRequest.SetDigestSchedule(day, java.time.LocalTime.parse(time));
        } catch (java.time.format.DateTimeParseException e) {
            return new CxRequest.Malformed(
                    "`" + SlackText.echo(words[2]) + "` is not a time; use 24-hour HH:MM. " + usage);
        }
    }

    private static CxRequest allowance(String rest) {
        if (rest.isEmpty()) {
            return new CxRequest.ShowRecognition();
        }
        Matcher allowance = ALLOWANCE.matcher(rest.toLowerCase(Locale.ROOT));
        String usage =
                "Give a number from 1 to " + Allowance.MAX + " per day or week, e.g. `/cx allowance 5 per week`.";
        if (!allowance.matches()) {
            return new CxRequest.Malformed(usage);
        }
        int count = Integer.parseInt(allowance.group(1));
        if (count < 1 || count > Allowance.MAX) {
            return new CxRequest.Malformed(usage);
        }
        var period = allowance.group(2).equals("day") ? Allowance.Period.DAY : Allowance.Period.WEEK;
        return new CxRequest.SetAllowance(new Allowance(count, period));
    }

    private static CxRequest leaderboard(String rest) {
        return switch (rest.toLowerCase(Locale.ROOT)) {
            case "" -> new CxRequest.ShowRecognition();
            case "on" -> new CxRequest.SetLeaderboard(true);
            case "off" -> new CxRequest.SetLeaderboard(false);
            default -> new CxRequest.Malformed("Use `/cx leaderboard on` or `/cx leaderboard off`.");
        };
    }

    private static CxRequest values(String rest) {
        if (rest.isEmpty()) {
            return new CxRequest.ListValues();
        }
        String[] words = rest.split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "add" -> {
                String[] nameAndDescription = argument.split("\\s+", 2);
                String name = nameAndDescription[0].replaceFirst("[:—–]$", "");
                String description = nameAndDescription.length > 1
                        ? SEPARATOR.matcher(nameAndDescription[1]).replaceFirst("")
                        : "";
                try {
                    return new CxRequest.AddValue(new CxValue(name, description));
                } catch (CxValue.Invalid e) {
                    return new CxRequest.Malformed(e.getMessage());
                }
            }
            case "remove" -> {
                if (argument.isEmpty() || argument.contains(" ")) {
                    return new CxRequest.Malformed("Name one value to remove, e.g. `/cx values remove empathy`.");
                }
                return new CxRequest.RemoveValue(argument);
            }
            default -> {
                return new CxRequest.Malformed(
                        "Use `/cx values`, `/cx values add <name> — <description>` or `/cx values remove <name>`.");
            }
        }
    }

    private static CxRequest role(Role role, String rest) {
        if (rest.isEmpty()) {
            return new CxRequest.ListRole(role);
        }
        String[] words = rest.split("\\s+", 2);
        String verb = words[0].toLowerCase(Locale.ROOT);
        String example = "`/cx " + role.plural() + " " + verb + " @alice @bob`";
        if (!verb.equals("add") && !verb.equals("remove")) {
            return new CxRequest.Malformed("Use `/cx " + role.plural() + "`, `/cx " + role.plural()
                    + " add @someone` or `/cx " + role.plural() + " remove @someone`.");
        }
        String people = words.length > 1 ? words[1].strip() : "";
        List<String> userIds = new ArrayList<>();
        Matcher mention = USER_MENTION.matcher(people);
        while (mention.find()) {
            userIds.add(mention.group(1));
        }
        if (userIds.isEmpty() || !USER_MENTION.matcher(people).replaceAll("").isBlank()) {
            return new CxRequest.Malformed("Mention the people with @, e.g. " + example + ".");
        }
        return verb.equals("add")
                ? new CxRequest.AddToRole(role, userIds)
                : new CxRequest.RemoveFromRole(role, userIds);
    }
}
