package lodestar.recognition;

import com.slack.api.bolt.context.builtin.MessageShortcutContext;
import com.slack.api.bolt.handler.builtin.MessageShortcutHandler;
import com.slack.api.bolt.request.builtin.MessageShortcutRequest;
import com.slack.api.bolt.response.Response;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import lodestar.slack.SlackApi;
import lodestar.workspace.WorkspaceService;

/** "Give kudos" on any message: the modal, with the message's author chosen and a link to the message kept. */
final class GiveKudosShortcut implements MessageShortcutHandler {
    static final String CALLBACK_ID = "give_kudos";
    static final String NO_LINK = ":warning: I couldn't link to that message (it may have been deleted), so this"
            + " kudos won't point at it. You can still give it.";

    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final Executor afterAck;

    GiveKudosShortcut(WorkspaceService workspace, SlackApi slack, Executor afterAck) {
        this.workspace = workspace;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    @Override
    public Response apply(MessageShortcutRequest request, MessageShortcutContext ctx) {
        var payload = request.getPayload();
        String channelId = payload.getChannel().getId();
        String author = payload.getMessage().getUser();
        String giver = payload.getUser().getId();
        var recipients = author == null || author.equals(giver) ? List.<String>of() : List.of(author);
        var slack = this.slack.forTeam(payload.getTeam().getId());
        afterAck.execute(() -> {
            var values = workspace.values(payload.getTeam().getId());
            // The trigger id expires after 3 s, and the permalink may wait out a rate limit: open the form
            // first, then add the link to it (the giver's input survives the update: same blocks, same ids).
            var opened = slack.call(
                    "views.open",
                    client -> client.viewsOpen(r -> r.triggerId(payload.getTriggerId())
                            .view(KudosModal.build(values, recipients, new KudosModal.Origin(channelId, null)))));
            var viewId = opened.map(response -> response.getView()).map(view -> view.getId());
            if (viewId.isEmpty()) {
                return;
            }
            String link = slack.call(
                            "chat.getPermalink",
                            client -> client.chatGetPermalink(
                                    r -> r.channel(channelId).messageTs(payload.getMessageTs())))
                    .map(response -> response.getPermalink())
                    .orElse(null);
            var view = KudosModal.build(
                    values,
                    recipients,
                    new KudosModal.Origin(channelId, link),
                    Optional.empty(),
                    link == null ? Optional.of(NO_LINK) : Optional.empty());
            slack.call(
                    "views.update",
                    client -> client.viewsUpdate(r -> r.viewId(viewId.get()).view(view)));
        });
        return ctx.ack();
    }
}
