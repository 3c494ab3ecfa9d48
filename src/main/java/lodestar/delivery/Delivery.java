package lodestar.delivery;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One outbox row as a courier holds it: the message, how often it was tried, and whether an earlier try may have
 * reached Slack without its outcome being recorded (then Slack's history is asked before it is sent again).
 */
public record Delivery(long id, Message message, int attempts, boolean inDoubt, Instant createdAt, UUID claim) {
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
