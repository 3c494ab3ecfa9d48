package lodestar.dashboard;

import java.util.ArrayList;
import java.util.List;
import lodestar.quotes.Quote;
import lodestar.quotes.Sentiment;
import lodestar.quotes.VoiceStats;
import lodestar.slack.SlackIds;
import lodestar.slack.SlackText;

/** Quotes as the customer voice page shows them: plain text (the template escapes it), with where a critique stands. */
public final class VoiceTable {
    /** How many critiques without an owner the page lists at most. */
    static final int UNOWNED_LISTED = 50;

    /** A quote of the library. */
    public record QuoteRow(
            long id, String text, String sentiment, String who, String source, String tags, String loop) {}

    /** A critique posted without an owner yet, and its post in Slack. */
    public record Unowned(long id, String text, String link) {}

    private VoiceTable() {}

    static QuoteRow row(Quote quote) {
        String who = quote.anonymisedAs()
                .map(as -> SlackText.plain(as) + " (anonymised)")
                .or(() -> quote.author().map(SlackText::plain))
                .orElse("—");
        return new QuoteRow(
                quote.id(),
                SlackText.plain(quote.text()),
                quote.sentiment().label(),
                who,
                quote.source().map(SlackText::plain).orElse("—"),
                quote.tags().isEmpty()
                        ? "—"
                        : String.join(
                                ", ",
                                quote.tags().stream().map(SlackText::plain).toList()),
                loop(quote));
    }

    /** Where closing the loop on a critique stands; praise has no loop to close here. */
    static String loop(Quote quote) {
        if (quote.sentiment() != Sentiment.CRITIQUE) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        parts.add(quote.ownerId().map(owner -> "Owned by " + owner).orElse("No owner yet"));
        if (quote.resolved()) {
            parts.add("resolved"
                    + quote.resolution()
                            .map(note -> ": " + SlackText.plain(note))
                            .orElse(""));
        }
        return String.join(", ", parts);
    }

    static Unowned unowned(VoiceStats.Unowned critique) {
        return new Unowned(
                critique.quoteId(),
                SlackText.plain(critique.text()),
                SlackIds.messageLink(critique.channelId(), critique.ts()));
    }
}
