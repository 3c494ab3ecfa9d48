package lodestar.quotes;

import java.time.Clock;
import lodestar.delivery.Courier;
import lodestar.delivery.Delivery;
import lodestar.delivery.Outbox;
import org.jooq.DSLContext;

/**
 * What came of a quote post, recorded in the transaction that records the send. Sent: the post keeps Slack's ts,
 * by which reactions, replies and the loop buttons find it, and the schedule's problem is cleared. Refused for good:
 * the claim is given back, so the quote stays in the rotation, and the person concerned is told: the schedule's
 * owner once per problem for a scheduled post, or the admin who asked for a post now, unless their request is
 * telling them already.
 */
final class QuotePostOutcome implements Courier.Handler {
    private final QuoteDeliveries deliveries;
    private final Clock clock;

    QuotePostOutcome(QuoteDeliveries deliveries, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
    }

    @Override
    public void sent(DSLContext tx, Delivery delivery, String conversation, String ts) {
        new PostRepository(tx).setPostTs(QuoteDeliveries.postId(delivery), ts);
        new ScheduleRepository(tx)
                .clearProblem(delivery.teamId(), delivery.message().channel());
    }

    @Override
    public void refused(DSLContext tx, Delivery delivery, String error) {
        String teamId = delivery.teamId();
        String channelId = delivery.message().channel();
        String key = QuoteDeliveries.refusedKey(delivery.dedupeKey());
        String text = QuoteMessages.cannotPost(channelId, error);
        new PostRepository(tx).deletePost(QuoteDeliveries.postId(delivery));
        if (delivery.kind().equals(QuoteDeliveries.DAILY)) {
            QuoteDeliveries.tellOwnerOnce(tx, teamId, channelId, error, key, text, clock.instant());
        } else if (!delivery.answered()) {
            QuoteDeliveries.askedBy(delivery)
                    .ifPresent(admin ->
                            Outbox.enqueue(tx, QuoteDeliveries.notice(teamId, key, admin, text), clock.instant()));
        }
    }
}
