package lodestar.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what came of a message, together with what its feature records (its {@link Courier.Handler}, by kind), in
 * one transaction. A handler that fails does not make its message fail: the outcome is then recorded without it,
 * rather than the message being looked up and failing again forever.
 */
final class Outcomes {
    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);

    private final DSLContext dsl;
    private final Map<String, Courier.Handler> handlers = new ConcurrentHashMap<>();

    Outcomes(DSLContext dsl) {
        this.dsl = dsl;
    }

    void register(String kind, Courier.Handler handler) {
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalStateException("Messages of kind " + kind + " already have a handler");
        }
    }

    Courier.Outcome sent(Delivery delivery, String conversation, String ts, Instant now) {
        var handler = handlers.get(delivery.kind());
        Object prepared;
        try {
            prepared = handler == null ? null : handler.prepare(delivery, conversation, ts);
        } catch (RuntimeException e) {
            log.warn(
                    "Outbox {} ({}): preparing its record failed; recording it without",
                    delivery.id(),
                    delivery.kind(),
                    e);
            prepared = null;
        }
        var fetched = prepared;
        try {
            return dsl.transactionResult(tx -> {
                if (!Deliveries.sent(tx.dsl(), delivery.id(), delivery.claim(), conversation, ts, now)) {
                    return new Courier.Elsewhere();
                }
                handle(delivery, h -> h.sent(tx.dsl(), delivery, conversation, ts, fetched));
                return new Courier.Sent(conversation, ts);
            });
        } catch (HandlerFailed e) {
            // Recorded without what its feature records, rather than looked up and failing again forever.
            log.error("Outbox {} ({}): posted, but its handler failed", delivery.id(), delivery.kind(), e.getCause());
            return dsl.transactionResult(
                    tx -> Deliveries.sent(tx.dsl(), delivery.id(), delivery.claim(), conversation, ts, now)
                            ? new Courier.Sent(conversation, ts)
                            : new Courier.Elsewhere());
        }
    }

    Courier.Outcome refused(Delivery delivery, String error, Instant now) {
        log.warn("Outbox {} ({}): Slack refused it for good: {}", delivery.id(), delivery.kind(), error);
        try {
            return dsl.transactionResult(tx -> {
                if (!Deliveries.refused(tx.dsl(), delivery.id(), delivery.claim(), error, now)) {
                    return new Courier.Elsewhere();
                }
                handle(delivery, handler -> handler.refused(tx.dsl(), delivery, error));
                return new Courier.Refused(error);
            });
        } catch (HandlerFailed e) {
            log.error("Outbox {} ({}): refused, and its handler failed", delivery.id(), delivery.kind(), e.getCause());
            return dsl.transactionResult(tx -> Deliveries.refused(tx.dsl(), delivery.id(), delivery.claim(), error, now)
                    ? new Courier.Refused(error)
                    : new Courier.Elsewhere());
        }
    }

    /** A handler's failure, which rolls its transaction back; the outcome is then recorded without it. */
    private static final class HandlerFailed extends RuntimeException {
        HandlerFailed(RuntimeException cause) {
            super(cause);
        }
    }

    private void handle(Delivery delivery, Consumer<Courier.Handler> call) {
        var handler = handlers.get(delivery.kind());
        if (handler == null) {
            return;
        }
        try {
            call.accept(handler);
        } catch (org.jooq.exception.DataAccessException e) {
            throw e; // the database: the whole delivery is tried again once its claim lapses
        } catch (RuntimeException e) {
            throw new HandlerFailed(e);
        }
    }
}
