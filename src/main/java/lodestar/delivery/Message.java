package lodestar.delivery;

import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that must reach Slack, as a feature hands it to the {@link Outbox}: a post (to a channel, a thread, or a
 * user's DM) or an update of a message already posted. Its dedupe key makes it one message per workspace however
 * often it is enqueued; its kind names the feature whose {@link Courier.Handler} learns what came of it.
 */
public record Message(
        String teamId,
        String kind,
        String dedupeKey,
        String method,
        String channel,
        String text,
        Optional<String> blocks,
        Optional<String> threadTs,
        Optional<String> ts,
        boolean unfurl,
        Optional<String> subject) {
    public static final String POST = "chat.postMessage";
    static final String UPDATE = "chat.update";
    private static final Gson GSON = GsonFactory.createSnakeCase();

    public Message {
        Objects.requireNonNull(teamId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(dedupeKey);
        Objects.requireNonNull(channel);
        Objects.requireNonNull(text);
        if (!method.equals(POST) && !method.equals(UPDATE)) {
            throw new IllegalArgumentException("Lodestar posts and updates messages, not " + method);
        }
        if (method.equals(UPDATE) && ts.isEmpty()) {
            throw new IllegalArgumentException("An update needs the ts of the message it changes");
        }
    }

    /** A new message in {@code channel}: a channel id, or a user id for that person's DM with Lodestar. */
    public static Message post(String teamId, String kind, String dedupeKey, String channel, String text) {
        return new Message(
                teamId,
                kind,
                dedupeKey,
                POST,
                channel,
                text,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty());
    }

    /** A new text for the message {@code ts} in {@code channel}. */
    public static Message update(String teamId, String kind, String dedupeKey, String channel, String ts, String text) {
        return new Message(
                teamId,
                kind,
                dedupeKey,
                UPDATE,
                channel,
                text,
                Optional.empty(),
                Optional.empty(),
                Optional.of(ts),
                false,
                Optional.empty());
    }

    public Message withBlocks(List<LayoutBlock> blocks) {
        return new Message(
                teamId,
                kind,
                dedupeKey,
                method,
                channel,
                text,
                Optional.of(GSON.toJson(blocks)),
                threadTs,
                ts,
                unfurl,
                subject);
    }

    public Message inThread(String parentTs) {
        return new Message(
                teamId, kind, dedupeKey, method, channel, text, blocks, Optional.of(parentTs), ts, unfurl, subject);
    }

    /** Slack may unfurl the links in the text (off by default: a quote's or a kudos's links stay plain). */
    public Message unfurled() {
        return new Message(teamId, kind, dedupeKey, method, channel, text, blocks, threadTs, ts, true, subject);
    }

    /** What the message is about, for its handler: a kudos id, a survey run. */
    public Message about(String subject) {
        return new Message(
                teamId, kind, dedupeKey, method, channel, text, blocks, threadTs, ts, unfurl, Optional.of(subject));
    }

    boolean isPost() {
        return method.equals(POST);
    }
}
