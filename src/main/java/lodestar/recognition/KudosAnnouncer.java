package lodestar.recognition;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lodestar.delivery.Courier;
import lodestar.delivery.Message;
import lodestar.slack.SlackApi;
import lodestar.workspace.WorkspaceService;

/**
 * Makes a new kudos visible right after the ack: delivers the post that {@code give} put in the outbox, then the DMs
 * its delivery added, on the request's own thread, so that the giver hears what happened; a post whose turn under
 * Slack's rates had not come was put in the outbox due in its turn, and is left to it. Whatever does not go through
 * now (Slack failing, this instance stopping) is the outbox's to deliver later, exactly once.
 */
final class KudosAnnouncer {
    /** For a post that failed for a reason that may pass: the outbox posts it. */
    static final String POSTED_LATER = "Slack isn't answering right now; it will be posted as soon as Slack does.";
    /** For a post waiting its turn under Slack's rates: nothing failed ({@link RecognitionMessages} says so). */
    static final String POSTED_SOON = "posted in its turn";

    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final Courier courier;
    private final Set<String> joinedFallbackChannels = ConcurrentHashMap.newKeySet();

    KudosAnnouncer(WorkspaceService workspace, SlackApi slack, Courier courier) {
        this.workspace = workspace;
        this.slack = slack;
        this.courier = courier;
    }

    /**
     * Delivers the post and DMs of a kudos just given, unless it was recorded before or its post waits its turn;
     * returns what went wrong with the post, or that it waits, in words for the giver.
     */
    Optional<String> announce(GiveResult.Given given) {
        if (given.postWaitsItsTurn()) {
            return Optional.of(POSTED_SOON);
        }
        return given.post().flatMap(post -> announce(given.kudos(), post));
    }

    private Optional<String> announce(Kudos kudos, long post) {
        var outcome = courier.deliverAnswering(kudos.teamId(), post, Message.POST, kudos.postChannelId());
        if (outcome instanceof Courier.Elsewhere) { // another sender had it (the give waited long): what became of it
            outcome = courier.deliverAnswering(kudos.teamId(), KudosOutbox.postKey(kudos.id()));
        }
        if (outcome instanceof Courier.Sent) {
            joinFallbackChannelOnce(kudos);
        }
        if (outcome instanceof Courier.Sent || outcome instanceof Courier.Refused) {
            // Now if their turn under Slack's rates has come, else by the background senders: this thread has others'
            // kudos to do.
            for (String recipient : kudos.recipients()) {
                courier.deliverIfItsTurn(kudos.teamId(), KudosOutbox.dmKey(kudos.id(), recipient));
            }
            courier.deliverIfItsTurn(kudos.teamId(), KudosOutbox.withdrawnKey(kudos.id())); // undone on its way
        }
        if (outcome instanceof Courier.Refused refused) {
            return Optional.of(explain(refused.error()));
        }
        if (outcome instanceof Courier.Later later) {
            return Optional.of(later.error().equals(Courier.PACED) ? POSTED_SOON : POSTED_LATER);
        }
        return Optional.empty(); // on its way from another sender
    }

    /** Shows a kudos as withdrawn in its public post, now: its withdrawal put the update in the outbox. */
    void withdraw(Kudos kudos) {
        courier.deliver(kudos.teamId(), KudosOutbox.withdrawnKey(kudos.id()));
    }

    /** One try: a join that fails (a private channel, a workspace without channels:join) is not worth waiting on. */
    private boolean join(String teamId, String channelId) {
        return slack.forTeam(teamId)
                .attemptOnce("conversations.join", client -> client.conversationsJoin(r -> r.channel(channelId)))
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
        String key = kudos.teamId() + ":" + channel;
        if (joinedFallbackChannels.contains(key)) {
            return; // asked once already: no need to read the settings again
        }
        boolean recognitionChannel = workspace
                .settings(kudos.teamId(), null)
                .kudosChannel()
                .filter(channel::equals)
                .isPresent();
        if (!recognitionChannel && joinedFallbackChannels.add(key)) {
            join(kudos.teamId(), channel);
        }
    }

    static String explain(String error) {
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
