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

    private final DSLContext dsl;
    private final Clock clock;

    QuoteRotation(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    QuoteOutcome.Next claimNext(String teamId, String channelId, Optional<LocalDate> day, Optional<String> askedBy) {
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
            String key = dayKey.orElseGet(() -> QuoteDeliveries.nowKey(channelId, postId));
            Outbox.enqueue(tx.dsl(), QuoteDeliveries.post(teamId, kind, key, channelId, quote, postId, askedBy), now);
            return new Claimed(postId, channelId, quote);
        });
    }
}
