package lodestar.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One outbox row as a courier holds it: the message, how often it was tried, whether an earlier try may have reached
 * Slack without its outcome being recorded (then Slack's history is asked before it is sent again), and whether the
 * request on whose thread it is delivered tells its user the outcome itself (then a handler need not tell them).
 */
public record Delivery(
        long id, Message message, int attempts, boolean inDoubt, Instant createdAt, UUID claim, boolean answered) {
    /** The same delivery, made by a request that tells its user what came of it. */
    Delivery answeredByCaller() {
        return new Delivery(id, message, attempts, inDoubt, createdAt, claim, true);
    }

    public String teamId() {
        return message.teamId();
    }

    public String kind() {
        return message.kind();
    }

    public String dedupeKey() {
        return message.dedupeKey();
    }

    public Optional<String> subject() {
        return message.subject();
    }
}
