package lodestar.quotes;

import java.util.Map;
import java.util.Optional;

/** Outcomes of the quote library's operations. */
public final class QuoteOutcome {
    private QuoteOutcome() {}

    /** Adding one quote. */
    public sealed interface Add {}

    public record Added(Quote quote) implements Add {}

    public record Invalid(Map<QuoteDraft.Field, String> problems) implements Add {
        public Invalid {
            problems = Map.copyOf(problems);
        }
    }

    /** The next quote for a channel. */
    public sealed interface Next {}

    /**
     * A post was claimed for the quote, and its message written to the outbox to be delivered; for a command done
     * again, the post its first run claimed.
     */
    public record Claimed(long postId, String channelId, Quote quote) implements Next {}

    /**
     * A command done again whose first run's post did not go, and gave its claim back: Slack refused it
     * ({@code refusal}), or it was withdrawn when its quote was archived (empty).
     */
    public record NotPosted(Optional<String> refusal) implements Next {}

    /** The channel already has its post for that day (waiting in the outbox, sent, or refused). */
    public record AlreadyPosted() implements Next {}

    /** There is no active quote to post. */
    public record EmptyLibrary() implements Next {}

    /** Closing the loop on a quote (own, resolve) or archiving it. */
    public sealed interface Loop {}

    public record Done(Quote quote) implements Loop {}

    public record NotDone(String reason) implements Loop {}
}
