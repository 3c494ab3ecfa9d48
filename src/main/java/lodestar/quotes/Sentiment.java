package lodestar.quotes;

import java.util.Locale;
import java.util.Optional;

/** Whether a customer praised us or criticised us. */
public enum Sentiment {
    PRAISE,
    CRITIQUE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Sentiment other() {
        return this == PRAISE ? CRITIQUE : PRAISE;
    }

    public static Optional<Sentiment> parse(String text) {
        for (Sentiment sentiment : values()) {
            if (sentiment.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return Optional.of(sentiment);
            }
        }
        return Optional.empty();
    }
}
