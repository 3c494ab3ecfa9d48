package lodestar.delivery;

import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message.Metadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.slack.SlackApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out whether a post whose earlier attempt is in doubt (the instance died after sending it, or the answer was
 * lost) reached its conversation: every post carries message metadata naming its outbox row, and the conversation's
 * history since the row was written is searched for it. Reading history needs {@code channels:history},
 * {@code groups:history} and, for DMs, {@code im:history} (and {@code im:write} to find the DM's conversation).
 */
final class SentBefore {
    private static final Logger log = LoggerFactory.getLogger(SentBefore.class);
    static final String METADATA_TYPE = "lodestar_outbox";
    static final String METADATA_KEY = "outbox_id";
    /** The longest a lookup waits out a rate limit itself: it runs while its message is claimed. */
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How far back a post is looked for: 1,000 messages since it was enqueued. */
    private static final int PAGES = 5;

    /** What the history says: the post is there, is not, or Slack did not answer (ask again later). */
    sealed interface Answer permits Found, NotFound, Unknown, Unreadable {}

    record Found(String conversation, String ts) implements Answer {}

    record NotFound() implements Answer {}

    record Unknown(SlackApi.Result<?> failure) implements Answer {}

    /** Slack refused to show the history (a missing scope, a channel Lodestar is not in). */
    private record Unreadable(SlackApi.Result<?> failure) implements Answer {}

    private final SlackApi slack;

    SentBefore(SlackApi slack) {
        this.slack = slack;
    }

    static Metadata metadata(long outboxId) {
        return new Metadata(METADATA_TYPE, Map.of(METADATA_KEY, String.valueOf(outboxId)));
    }

    Answer find(Delivery delivery) {
        var answer = look(delivery);
        if (answer instanceof Unreadable unreadable) {
            // A channel Lodestar posts to without being in it (chat:write.public): its history needs membership.
            if ("not_in_channel".equals(unreadable.failure().error())
                    && join(delivery.teamId(), delivery.message().channel())) {
                answer = look(delivery);
            }
        }
        if (answer instanceof Unreadable unreadable) {
            log.warn(
                    "Outbox {}: cannot tell whether it was posted ({}); posting it, at least once",
                    delivery.id(),
                    unreadable.failure().error());
            return new NotFound();
        }
        return answer;
    }

    private boolean join(String teamId, String channel) {
        return !isUser(channel)
                && slack.forTeam(teamId)
                        .attemptOnce("conversations.join", client -> client.conversationsJoin(r -> r.channel(channel)))
                        .ok();
    }

    private Answer look(Delivery delivery) {
        var slack = this.slack.forTeam(delivery.teamId());
        var message = delivery.message();
        String conversation = message.channel();
        if (isUser(conversation)) {
            var opened = slack.attemptWaitingAtMost(
                    "conversations.open",
                    client -> client.conversationsOpen(r -> r.users(List.of(message.channel()))),
                    WAIT);
            if (!opened.ok()) {
                return unreadable(delivery, opened);
            }
            conversation = opened.response().orElseThrow().getChannel().getId();
        }
        String oldest = String.valueOf(delivery.createdAt().minusSeconds(60).getEpochSecond());
        String cursor = null;
        for (int page = 0; page < PAGES; page++) {
            String after = cursor;
            String channel = conversation;
            List<com.slack.api.model.Message> messages;
            String next;
            if (message.threadTs().isPresent()) {
                var replies = slack.attemptWaitingAtMost(
                        "conversations.replies",
                        client -> client.conversationsReplies(r -> r.channel(channel)
                                .ts(message.threadTs().get())
                                .oldest(oldest)
                                .includeAllMetadata(true)
                                .cursor(after)
                                .limit(200)),
                        WAIT);
                if (!replies.ok()) {
                    return unreadable(delivery, replies);
                }
                ConversationsRepliesResponse response = replies.response().orElseThrow();
                messages = response.getMessages();
                next = response.getResponseMetadata() == null
                        ? null
                        : response.getResponseMetadata().getNextCursor();
            } else {
                var history = slack.attemptWaitingAtMost(
                        "conversations.history",
                        client -> client.conversationsHistory(r -> r.channel(channel)
                                .oldest(oldest)
                                .includeAllMetadata(true)
                                .cursor(after)
                                .limit(200)),
                        WAIT);
                if (!history.ok()) {
                    return unreadable(delivery, history);
                }
                ConversationsHistoryResponse response = history.response().orElseThrow();
                messages = response.getMessages();
                next = response.getResponseMetadata() == null
                        ? null
                        : response.getResponseMetadata().getNextCursor();
            }
            var found = find(messages, delivery.id());
            if (found.isPresent()) {
                return new Found(conversation, found.get());
            }
            if (next == null || next.isBlank()) {
                return new NotFound();
            }
            cursor = next;
        }
        return new NotFound();
    }

    private static Optional<String> find(List<com.slack.api.model.Message> messages, long outboxId) {
        String id = String.valueOf(outboxId);
        return (messages == null ? List.<com.slack.api.model.Message>of() : messages)
                .stream()
                        .filter(m -> m.getMetadata() != null
                                && METADATA_TYPE.equals(m.getMetadata().getEventType())
                                && m.getMetadata().getEventPayload() != null
                                && id.equals(String.valueOf(
                                        m.getMetadata().getEventPayload().get(METADATA_KEY))))
                        .map(com.slack.api.model.Message::getTs)
                        .findFirst();
    }

    /** Slack did not answer: ask again later. Slack refused to show the history: see {@link #find}. */
    private static Answer unreadable(Delivery delivery, SlackApi.Result<?> failure) {
        return failure.retryable() ? new Unknown(failure) : new Unreadable(failure);
    }

    static boolean isUser(String channel) {
        return channel.startsWith("U") || channel.startsWith("W");
    }
}
