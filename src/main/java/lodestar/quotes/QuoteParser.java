package lodestar.quotes;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lodestar.slack.SlackText;

/** Parses the text of {@code /quote} as Slack sends it (channels escaped as {@code <#C123|name>}). */
final class QuoteParser {
    private static final Pattern CHANNEL = Pattern.compile("<#([CG][A-Z0-9]+)(?:\\|[^>]*)?>");
    private static final String SCHEDULE_USAGE =
            "Use `/quote schedule #channel 09:00 [Area/City] [weekdays|daily|mon,wed,fri]`, `/quote schedule list` or"
                    + " `/quote schedule remove #channel`.";

    private QuoteParser() {}

    static QuoteRequest parse(String text) {
        List<String> words = new ArrayList<>(Arrays.asList((text == null ? "" : text.strip()).split("\\s+")));
        String command = words.remove(0).toLowerCase(Locale.ROOT);
        return switch (command) {
            case "", "help" -> new QuoteRequest.Help();
            case "add" -> new QuoteRequest.Add();
            case "list" -> search(words);
            case "remove" ->
                words.size() == 1 && words.get(0).replaceFirst("^#", "").matches("\\d{1,18}")
                        ? new QuoteRequest.Remove(Long.parseLong(words.get(0).replaceFirst("^#", "")))
                        : new QuoteRequest.Malformed("Give the number of the quote to remove, e.g. `/quote remove 12`"
                                + " (`/quote list` shows the numbers).");
            case "schedule" -> schedule(words);
            case "post" ->
                channel(words.isEmpty() ? "" : words.get(0))
                        .<QuoteRequest>map(QuoteRequest.PostNow::new)
                        .orElse(new QuoteRequest.Malformed("Name the channel, e.g. `/quote post #general`."));
            default ->
                new QuoteRequest.Malformed("I don't know `/quote " + SlackText.echo(command) + "`. Try `/quote help`.");
        };
    }

    private static QuoteRequest search(List<String> words) {
        Optional<Sentiment> sentiment = Optional.empty();
        if (!words.isEmpty()) {
            sentiment = Sentiment.parse(words.get(0));
            if (sentiment.isPresent()) {
                words = words.subList(1, words.size());
            }
        }
        return new QuoteRequest.Search(
                sentiment, words.stream().filter(word -> !word.isBlank()).toList());
    }

    private static QuoteRequest schedule(List<String> words) {
        if (words.size() == 1 && words.get(0).equalsIgnoreCase("list")) {
            return new QuoteRequest.ListSchedules();
        }
        if (words.size() == 2 && words.get(0).equalsIgnoreCase("remove")) {
            return channel(words.get(1))
                    .<QuoteRequest>map(QuoteRequest.RemoveSchedule::new)
                    .orElse(new QuoteRequest.Malformed(SCHEDULE_USAGE));
        }
        if (words.size() < 2 || words.size() > 4) {
            return new QuoteRequest.Malformed(SCHEDULE_USAGE);
        }
        var channel = channel(words.get(0));
        if (channel.isEmpty()) {
            return new QuoteRequest.Malformed("Name the channel with #. " + SCHEDULE_USAGE);
        }
        LocalTime time;
        try {
            time = LocalTime.parse(words.get(1).length() == 4 ? "0" + words.get(1) : words.get(1));
        } catch (DateTimeParseException e) {
            return new QuoteRequest.Malformed(
                    "`" + SlackText.echo(words.get(1)) + "` is not a time; use 24-hour HH:MM, e.g. 09:00.");
        }
        Optional<ZoneId> zone = Optional.empty();
        String days = Schedule.WEEKDAYS;
        for (String word : words.subList(2, words.size())) {
            var asZone = zone(word);
            if (asZone.isPresent()) {
                zone = asZone;
            } else if (word.contains("/")) {
                return new QuoteRequest.Malformed(
                        "`" + SlackText.echo(word) + "` is not a time zone; use Area/City, e.g. Europe/Paris.");
            } else {
                var parsed = Schedule.parseDays(word);
                if (parsed.isPresent()) {
                    days = parsed.get();
                } else if (word.matches("[A-Za-z]{2,5}")) {
                    return new QuoteRequest.Malformed(
                            "`" + SlackText.echo(word) + "` is neither a time zone I know nor a set of"
                                    + " days. For the time zone use Area/City (e.g. America/New_York, Europe/Paris) or UTC:"
                                    + " abbreviations such as EST don't follow daylight saving. For days use weekdays, daily"
                                    + " or a list such as mon,wed,fri.");
                } else {
                    return new QuoteRequest.Malformed("`" + SlackText.echo(word)
                            + "` is not a set of days; use weekdays, daily or a" + " list such as mon,wed,fri.");
                }
            }
        }
        return new QuoteRequest.SetSchedule(channel.get(), time.withSecond(0).withNano(0), zone, days);
    }

    /** A region id (Europe/Paris), UTC/GMT in any case, or an offset (+05:30); empty for anything else. */
    private static Optional<ZoneId> zone(String word) {
        for (String candidate : List.of(word, word.toUpperCase(Locale.ROOT))) {
            try {
                return Optional.of(ZoneId.of(candidate));
            } catch (DateTimeException e) {
                // not this spelling
            }
        }
        return Optional.empty();
    }

    private static Optional<String> channel(String word) {
        Matcher matcher = CHANNEL.matcher(word);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
