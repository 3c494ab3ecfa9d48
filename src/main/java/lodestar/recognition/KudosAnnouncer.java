package lodestar.recognition;

import java.util.Optional;
import lodestar.slack.SlackApi;

/** Makes a new kudos visible: the public post, then a DM to each recipient. Runs after the ack. */
final class KudosAnnouncer {
    private final RecognitionService service;
    private final SlackApi slack;

    KudosAnnouncer(RecognitionService service, SlackApi slack) {
        this.service = service;
        this.slack = slack;
    }

    /** Posts and DMs; returns what went wrong with the public post, in words for the giver. */
    Optional<String> announce(Kudos kudos) {
        // Slack delivers reactions only from channels the bot is in, and chat:write.public posts without joining:
        // join first (a no-op when already in). A private channel cannot be joined; posting there then fails
        // unless the bot was invited, and the giver is told to invite it.
        slack.call("conversations.join", client -> client.conversationsJoin(r -> r.channel(kudos.postChannelId())));
        var post = slack.attempt(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(kudos.postChannelId())
                        .text(RecognitionMessages.postText(kudos))
                        .blocks(RecognitionMessages.post(kudos))
                        .unfurlLinks(false)
                        .unfurlMedia(false)));
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
