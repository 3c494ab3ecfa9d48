package lodestar.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lodestar.quotes.Sentiment;
import lodestar.slack.SlackText;

/**
 * A search of the quote library as asked on the page: words and, if chosen, praise or critique. What cannot be
 * searched for (too long, too many words, an unknown sentiment) is left out and said why, never an error page.
 */
public record LibrarySearch(String q, Optional<Sentiment> sentiment, List<String> problems) {
    static final int MAX_LENGTH = 200;
    static final int MAX_WORDS = 10;

    public LibrarySearch {
        problems = List.copyOf(problems);
    }

    /** The search from the page's query parameters, either of which may be missing. */
    static LibrarySearch of(String q, String sentiment) {
        List<String> problems = new ArrayList<>();
        // PostgreSQL takes no NUL in a text, and no search needs a control character.
        String text = q == null ? "" : q.replaceAll("\\p{Cntrl}", " ").strip();
        if (text.length() > MAX_LENGTH) {
            problems.add("Search for at most " + MAX_LENGTH + " characters; showing the latest quotes instead.");
            text = "";
        } else if (split(text).size() > MAX_WORDS) {
            problems.add("Search for at most " + MAX_WORDS + " words; showing the latest quotes instead.");
            text = "";
        }
        Optional<Sentiment> chosen = Optional.empty();
        String asked = sentiment == null ? "" : sentiment.strip();
        if (!asked.isEmpty()) {
            chosen = Sentiment.parse(asked);
            if (chosen.isEmpty()) {
                problems.add("Choose praise or critique; showing both.");
            }
        }
        return new LibrarySearch(text, chosen, problems);
    }

    /** The words escaped as the library stores texts, so that a word with {@code <} or {@code &} finds its quote. */
    List<String> words() {
        return split(q).stream().map(SlackText::fromPlain).toList();
    }

    /** The sentiment chosen, as the form names it; empty for both. */
    public String chosen() {
        return sentiment.map(Sentiment::label).orElse("");
    }

    public boolean searched() {
        return !q.isEmpty() || sentiment.isPresent();
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split("\\s+"))
                .filter(word -> !word.isEmpty())
                .distinct()
                .toList();
    }
}
