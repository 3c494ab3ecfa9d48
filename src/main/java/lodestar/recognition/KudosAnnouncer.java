package lodestar.recognition;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lodestar.slack.SlackApi;
import lodestar.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes a new kudos visible: the public post, then a DM to each recipient. Runs after the ack. */
final class KudosAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(KudosAnnouncer.class);
    static final String METADATA_TYPE = "lodestar_kudos";
    /** How far back a post is looked for: 1,000 messages since the kudos was given. */
    private static final int HISTORY_PAGES = 5;
    /** For a post that failed for a reason that may pass: the job posts it. */
    static final String POSTED_LATER = "Slack isn't answering right now; it will be posted as soon as Slack does.";

    private final RecognitionService service;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final Set<String> joinedFallbackChannels = ConcurrentHashMap.newKeySet();

    KudosAnnouncer(RecognitionService service, WorkspaceService workspace, SlackApi slack) {
        this.service = service;
        this.workspace = workspace;
        this.slack = slack;
    }

    /**
     * Posts and DMs, once: returns what went wrong with the public post, in words for the giver. A post that failed
     * for a reason that may pass is left to {@link #announceUnfinished}, and the DMs wait for it, to carry its link.
     */
    Optional<String> announce(Kudos kudos) {
        var claim = service.claimAnnouncement(kudos.id());
        if (claim.isEmpty()) {
            return Optional.empty(); // announced already, withdrawn, or being announced by another instance
        }
        return announceClaimed(kudos, claim.get(), false);
    }

    /**
     * Every minute, on one instance: kudos whose announcement did not finish (Slack failing for a while, an instance
     * stopped mid-way, a full queue). An earlier try may have posted without recording it, so Slack's history is
     * asked first, by the message metadata every post carries: found, it is recorded, not posted again.
     */
    void announceUnfinished() {
        for (var pending : service.unannounced()) {
            try {
                service.find(pending.teamId(), pending.kudosId())
                        .ifPresent(kudos -> service.claimAnnouncement(kudos.id())
                                .ifPresent(claim -> announceClaimed(kudos, claim, true)));
            } catch (RuntimeException e) {
                log.error("Announcing kudos {} failed; the next run tries again", pending.kudosId(), e);
            }
        }
    }

    private Optional<String> announceClaimed(Kudos kudos, Instant claim, boolean inDoubt) {
        try {
            Optional<String> ts = kudos.postTs();
            SlackApi.Result<ChatPostMessageResponse> post = null;
            if (ts.isEmpty() && inDoubt) {
                var found = findPost(kudos);
                if (found.isEmpty()) {
                    service.releaseAnnouncement(kudos.id(), claim);
                    return Optional.of(POSTED_LATER);
                }
                ts = found.get();
            }
            if (ts.isEmpty()) {
                post = postJoiningIfNeeded(kudos);
                if (post.retryable()) {
                    service.releaseAnnouncement(kudos.id(), claim);
                    return Optional.of(POSTED_LATER);
                }
                ts = post.response().map(ChatPostMessageResponse::getTs);
            }
            Optional<String> link = Optional.empty();
            if (ts.isPresent()) {
                String postTs = ts.get();
                service.attachPost(kudos.teamId(), kudos.id(), postTs);
                link = slack.call(
                                "chat.getPermalink",
                                client -> client.chatGetPermalink(
                                        r -> r.channel(kudos.postChannelId()).messageTs(postTs)))
                        .map(response -> response.getPermalink());
            }
            var latest = service.find(kudos.teamId(), kudos.id()).orElse(kudos);
            if (latest.withdrawal().isPresent()) {
                // taken back while its post was on its way: the post says so, and nobody is told of it
                withdraw(latest);
                service.announced(kudos.id(), claim);
                return Optional.empty();
            }
            String text = RecognitionMessages.dm(kudos, link);
            boolean dmsLeft = false;
            for (String recipient : service.dmsToSend(kudos.id())) {
                var dm = slack.attempt(
                        "chat.postMessage",
                        client ->
                                client.chatPostMessage(r -> r.channel(recipient).text(text)));
                if (dm.ok() || !dm.retryable()) {
                    service.dmSent(kudos.id(), recipient); // refused for good (a deactivated account): not again
                } else {
                    dmsLeft = true;
                }
            }
            if (dmsLeft) {
                service.releaseAnnouncement(kudos.id(), claim); // the job sends the DMs still missing
                return post == null || post.ok() ? Optional.empty() : Optional.of(explain(post.error()));
            }
            service.announced(kudos.id(), claim);
            return post == null || post.ok() ? Optional.empty() : Optional.of(explain(post.error()));
        } catch (RuntimeException e) {
            service.releaseAnnouncement(kudos.id(), claim);
            throw e;
        }
    }

    /**
     * The kudos's post in its channel's history since it was given: empty when Slack did not answer (ask again
     * later), an empty inside when there is none (or the history cannot be read: then it is posted, at least once).
     */
    private Optional<Optional<String>> findPost(Kudos kudos) {
        String id = String.valueOf(kudos.id());
        String cursor = null;
        for (int page = 0; page < HISTORY_PAGES; page++) {
            String after = cursor;
            var history = slack.attempt(
                    "conversations.history",
                    client -> client.conversationsHistory(r -> r.channel(kudos.postChannelId())
                            .oldest(String.valueOf(
                                    kudos.givenAt().minusSeconds(60).getEpochSecond()))
                            .includeAllMetadata(true)
                            .cursor(after)
                            .limit(200)));
            if (!history.ok()) {
                if (history.retryable()) {
                    return Optional.empty();
                }
                // missing_scope (an install from before the history scopes), not_in_channel: posted, at least once
                log.warn("Kudos {}: its channel's history cannot be read ({}); posting it", id, history.error());
                return Optional.of(Optional.empty());
            }
            var response = history.response().orElseThrow();
            var found = (response.getMessages() == null ? List.<Message>of() : response.getMessages())
                    .stream()
                            .filter(message -> message.getMetadata() != null
                                    && METADATA_TYPE.equals(
                                            message.getMetadata().getEventType())
                                    && message.getMetadata().getEventPayload() != null
                                    && id.equals(String.valueOf(message.getMetadata()
                                            .getEventPayload()
                                            .get("kudos_id"))))
                            .map(Message::getTs)
                            .findFirst();
            cursor = response.getResponseMetadata() == null
                    ? null
                    : response.getResponseMetadata().getNextCursor();
            if (found.isPresent() || cursor == null || cursor.isBlank()) {
                return Optional.of(found);
            }
        }
        return Optional.of(Optional.empty());
    }

    private SlackApi.Result<ChatPostMessageResponse> postJoiningIfNeeded(Kudos kudos) {
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
        return post;
    }

    private SlackApi.Result<ChatPostMessageResponse> post(Kudos kudos) {
        return slack.attempt(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(kudos.postChannelId())
                        .text(RecognitionMessages.postText(kudos))
                        .blocks(RecognitionMessages.post(kudos))
                        // names the kudos, so that a post whose recording was lost can be found, not made twice
                        .metadata(new Message.Metadata(METADATA_TYPE, Map.of("kudos_id", String.valueOf(kudos.id()))))
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
