package lodestar.recognition;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lodestar.slack.SlackApi;
import lodestar.workspace.WorkspaceService;

/** Makes a new kudos visible: the public post, then a DM to each recipient. Runs after the ack. */
final class KudosAnnouncer {
    private final RecognitionService service;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final Set<String> joinedFallbackChannels = ConcurrentHashMap.newKeySet();

    KudosAnnouncer(RecognitionService service, WorkspaceService workspace, SlackApi slack) {
        this.service = service;
        this.workspace = workspace;
        this.slack = slack;
    }

    /** Posts and DMs; returns what went wrong with the public post, in words for the giver. */
    Optional<String> announce(Kudos kudos) {
        var post = post(kudos);
        if (!post.ok() && "not_in_channel".equals(post.error())) {
            // Without chat:write.public (or in a private channel) posting needs membership: join once, post again.
            joinedFallbackChannels.add(kudos.teamId() + ":" + kudos.postChannelId());
            if (join(kudos.postChannelId())) {
                post = post(kudos);
            }
        } else if (post.ok()) {
            joinFallbackChannelOnce(kudos);
        }
        Optional<String> link = Optional.empty();
        if (post.ok()) {
            String ts = post.response().orElseThrow().getTs();
            service.attachPost(kudos.teamId(), kudos.id(), ts);
            link = slack.call(
                            "chat.getPermalink",
                            client -> client.chatGetPermalink(
                                    r -> r.channel(kudos.postChannelId()).messageTs(ts)))
                    .map(response -> response.getPermalink());
        }
        for (String recipient : kudos.recipients()) {
            String text = RecognitionMessages.dm(kudos, link);
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(r -> r.channel(recipient).text(text)));
        }
        return post.ok() ? Optional.empty() : Optional.of(explain(post.error()));
    }

    private SlackApi.Result<ChatPostMessageResponse> post(Kudos kudos) {
        return slack.attempt(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(kudos.postChannelId())
                        .text(RecognitionMessages.postText(kudos))
                        .blocks(RecognitionMessages.post(kudos))
                        .unfurlLinks(false)
                        .unfurlMedia(false)));
    }

    /** One try: a join that fails (a private channel, a workspace without channels:join) is not worth waiting on. */
    private boolean join(String channelId) {
        return slack.attemptOnce("conversations.join", client -> client.conversationsJoin(r -> r.channel(channelId)))
                .ok();
    }

    /**
     * Slack delivers reactions only from channels the bot is in, and chat:write.public lets it post without being
     * in one. The recognition channel set with {@code /cx channel kudos} was joined when it was set. The fallback,
     * the channel where {@code /kudos} was used, is joined after the first post there, once per channel while the
     * app runs, whatever the outcome: asking Slack whether we are a member (conversations.info) before each post
     * would cost a call per kudos, and a join that fails (a private channel, a workspace that has not granted
     * channels:join) would fail every time. A bot removed from that channel later is back after a restart.
     */
    private void joinFallbackChannelOnce(Kudos kudos) {
        String channel = kudos.postChannelId();
        boolean recognitionChannel = workspace
                .settings(kudos.teamId(), null)
                .kudosChannel()
                .filter(channel::equals)
                .isPresent();
        if (!recognitionChannel && joinedFallbackChannels.add(kudos.teamId() + ":" + channel)) {
            join(channel);
        }
    }

    /** Shows a kudos as withdrawn in its public post; a post that is gone is fine. */
    void withdraw(Kudos kudos) {
        kudos.postTs()
                .ifPresent(ts -> slack.call(
                        "chat.update",
                        client -> client.chatUpdate(r -> r.channel(kudos.postChannelId())
                                .ts(ts)
                                .text(RecognitionMessages.withdrawnText(kudos))
                                .blocks(RecognitionMessages.withdrawnPost(kudos)))));
    }

    private static String explain(String error) {
        return switch (error == null ? "" : error) {
            case "not_in_channel" -> "I'm not in that channel; invite me with `/invite @Lodestar`.";
            case "is_archived" ->
                "the channel is archived; ask an admin to choose another with `/cx channel kudos #channel`.";
            case "channel_not_found" ->
                "I can't see that channel; invite me, or ask an admin to choose another with"
                        + " `/cx channel kudos #channel`.";
            default -> "Slack said `" + error + "`.";
        };
    }
}
