package lodestar.quotes;

/**
 * The customer voice in a period, for the leader digest: quote posts, their reactions and thread replies, and the
 * critiques posted — how many got an owner, and how many of those owned were resolved.
 */
public record VoiceStats(
        int quotesPosted, int reactionsAndReplies, int critiquesPosted, int critiquesOwned, int critiquesResolved) {

    /** A critique posted without an owner yet, and where it was posted. */
    public record Unowned(long quoteId, String text, String channelId, String ts) {}

    /** Customer-voice engagement: reactions and replies per quote post (0 when nothing was posted). */
    public double engagement() {
        return quotesPosted == 0 ? 0 : (double) reactionsAndReplies / quotesPosted;
    }
}
