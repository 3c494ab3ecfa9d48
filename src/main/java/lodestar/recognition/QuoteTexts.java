package lodestar.recognition;

import java.util.Optional;

/**
 * The text of a customer quote, by its number: a kudos that answers praise keeps the quote's text. The quotes
 * feature provides it through the composition root; empty when the quote is gone.
 */
@FunctionalInterface
public interface QuoteTexts {
    Optional<String> text(String teamId, long quoteId);

    /** For setups without the quotes feature. */
    static QuoteTexts none() {
        return (teamId, quoteId) -> Optional.empty();
    }
}
