package lodestar.quotes;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import lodestar.delivery.Outbox;
import lodestar.quotes.QuoteOutcome.Claimed;
import org.jooq.DSLContext;

/**
 * The rotation: which quote a channel gets next, claimed and its post enqueued in one transaction that holds the
 * channel's lock (see {@link QuoteService#claimNext(String, String, Optional)} for the rules).
 */
final class QuoteRotation {
    static final String EMPTY_LIBRARY = "empty_library";

    /** {@code /quote post} by {@code adminId}: the command {@code triggerId} claims one post, however often it is done. */
    record Command(String adminId, String triggerId) {}

    private final DSLContext dsl;
    private final Clock clock;

    QuoteRotation(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    QuoteOutcome.Next claimNext(String teamId, String channelId, Optional<LocalDate> day, Optional<Command> command) {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var posts = new PostRepository(tx.dsl());
            posts.lockChannel(teamId, channelId);
            var dayKey = day.map(d -> QuoteDeliveries.dayKey(channelId, d));
            if (day.isPresent()
                    && (Outbox.status(tx.dsl(), teamId, dayKey.get()).isPresent()
                            || posts.hasPostFor(teamId, channelId, day.get()))) {
                return new QuoteOutcome.AlreadyPosted();
            }
            var commandKey = command.map(asked -> QuoteDeliveries.commandKey(channelId, asked.triggerId()));
            var before = commandKey.flatMap(key -> Outbox.status(tx.dsl(), teamId, key));
            if (before.isPresent()) { // the command done again: what its first run claimed answers
                return claimedBefore(tx.dsl(), teamId, channelId, before.get());
            }
            var last = posts.lastPost(teamId, channelId);
            int rotation = last.map(PostRepository.LastPost::rotation).orElse(1);
            var candidates = posts.unposted(teamId, channelId, rotation);
            if (candidates.isEmpty() && last.isPresent()) {
                rotation++;
                candidates = posts.unposted(teamId, channelId, rotation);
            }
            if (candidates.isEmpty()) {
                dayKey.ifPresent(key -> QuoteDeliveries.tellOwnerOnce(
                        tx.dsl(),
                        teamId,
                        channelId,
                        EMPTY_LIBRARY,
                        QuoteDeliveries.emptyLibraryKey(key),
                        QuoteMessages.emptyLibrary(channelId),
                        now));
                return new QuoteOutcome.EmptyLibrary();
            }
            var wanted = last.map(post -> post.sentiment().other()).orElse(Sentiment.PRAISE);
            var chosen = candidates.stream()
                    .filter(candidate -> candidate.sentiment() == wanted)
                    .findFirst()
                    .orElse(candidates.get(0));
            long postId = posts.insertPost(teamId, channelId, chosen, rotation, day.orElse(null), now);
            var quote =
                    new QuoteRepository(tx.dsl()).find(teamId, chosen.quoteId()).orElseThrow();
            String kind = day.isPresent() ? QuoteDeliveries.DAILY : QuoteDeliveries.NOW;
            String key = dayKey.or(() -> commandKey).orElseGet(() -> QuoteDeliveries.postKey(channelId, postId));
            var askedBy = command.map(Command::adminId);
            Outbox.enqueue(tx.dsl(), QuoteDeliveries.post(teamId, kind, key, channelId, quote, postId, askedBy), now);
            return new Claimed(postId, channelId, quote);
        });
    }

    /**
     * The post a command's earlier run claimed: the same claim while its post waits or once it is sent; not posted
     * when Slack refused it or it was withdrawn (its quote archived), which gave the claim back.
     */
    private static QuoteOutcome.Next claimedBefore(DSLContext tx, String teamId, String channelId, Outbox.Status post) {
        long postId = QuoteDeliveries.postId(post.subject().orElseThrow());
        return new PostRepository(tx)
                .quoteOf(teamId, postId)
                .flatMap(quoteId -> new QuoteRepository(tx).find(teamId, quoteId))
                .<QuoteOutcome.Next>map(quote -> new Claimed(postId, channelId, quote))
                .orElseGet(() -> new QuoteOutcome.NotPosted(post.refused() ? post.error() : Optional.empty()));
    }
}
