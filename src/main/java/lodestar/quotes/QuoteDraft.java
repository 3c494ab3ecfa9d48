package lodestar.quotes;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.slack.SlackText;

/**
 * A quote about to be added, from the modal, the message shortcut or a CSV row. Texts are Slack mrkdwn (typed
 * text arrives escaped by {@code SlackText.fromPlain}). A quote may say "@channel" like any customer may: every
 * place that shows it goes through {@code SlackText.safe}, which never lets it ping or disguise a link.
 */
public record QuoteDraft(
        String text,
        Optional<Sentiment> sentiment,
        Optional<String> author,
        Optional<String> anonymisedAs,
        Optional<String> source,
        List<String> tags,
        Optional<LocalDate> heardOn) {
    public static final int TEXT_LIMIT = 1500;
    public static final int FIELD_LIMIT = 300;

    /** The fields of a quote, as the modal and the CSV name them. */
    public enum Field {
        TEXT,
        SENTIMENT,
        AUTHOR,
        ANONYMISED_AS,
        SOURCE,
        TAGS,
        DATE
    }

    public QuoteDraft {
        text = text == null ? "" : text.strip();
        author = author.map(String::strip).filter(value -> !value.isEmpty());
        anonymisedAs = anonymisedAs.map(String::strip).filter(value -> !value.isEmpty());
        source = source.map(String::strip).filter(value -> !value.isEmpty());
        tags = tags.stream()
                .map(tag -> tag.strip().replaceFirst("^#", ""))
                .filter(tag -> !tag.isEmpty())
                .distinct()
                .toList();
    }

    /** What is wrong with the draft, by field; empty when it can be added. */
    public Map<Field, String> problems(java.time.Clock clock) {
        Map<Field, String> problems = new LinkedHashMap<>();
        int length = SlackText.plain(text).length();
        if (text.isEmpty()) {
            problems.put(Field.TEXT, "Paste what the customer said.");
        } else if (length > TEXT_LIMIT) {
            problems.put(
                    Field.TEXT,
                    "A quote can be at most " + String.format("%,d", TEXT_LIMIT) + " characters (this one" + " has "
                            + String.format("%,d", length) + ").");
        }
        if (sentiment.isEmpty()) {
            problems.put(Field.SENTIMENT, "Say whether it is praise or critique.");
        }
        tooLong(author, Field.AUTHOR, problems);
        tooLong(anonymisedAs, Field.ANONYMISED_AS, problems);
        tooLong(source, Field.SOURCE, problems);
        if (tags.size() > 10 || tags.stream().anyMatch(tag -> tag.length() > 40)) {
            problems.put(Field.TAGS, "Use at most 10 tags of at most 40 characters.");
        }
        heardOn.filter(date -> date.isAfter(LocalDate.now(clock).plusDays(1)))
                .ifPresent(date -> problems.put(Field.DATE, "The date heard can't be in the future."));
        return problems;
    }

    private static void tooLong(Optional<String> value, Field field, Map<Field, String> problems) {
        // Counted as typed: the modal's limit counts "&", not the "&amp;" it is stored as.
        value.filter(text -> SlackText.plain(text).length() > FIELD_LIMIT)
                .ifPresent(text -> problems.put(field, "At most " + FIELD_LIMIT + " characters here."));
    }
}
