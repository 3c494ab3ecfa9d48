package lodestar.quotes;

/**
 * Opens the kudos form with a praise quote attached, so the people behind the praise are recognised.
 * Recognition provides it; the composition root wires it in.
 */
@FunctionalInterface
public interface CreditPraise {
    void open(String teamId, String triggerId, String channelId, long quoteId, String quoteText);
}
