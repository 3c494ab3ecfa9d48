package lodestar.quotes;

import com.slack.api.bolt.context.builtin.MessageShortcutContext;
import com.slack.api.bolt.handler.builtin.MessageShortcutHandler;
import com.slack.api.bolt.request.builtin.MessageShortcutRequest;
import com.slack.api.bolt.response.Response;
import java.util.concurrent.Executor;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackText;

/** "Save as customer quote" on any message: the add modal, pre-filled with its text and a link to it. */
final class SaveQuoteShortcut implements MessageShortcutHandler {
    static final String CALLBACK_ID = "save_quote";

    private final SlackApi slack;
    private final Executor afterAck;

    SaveQuoteShortcut(SlackApi slack, Executor afterAck) {
        this.slack = slack;
        this.afterAck = afterAck;
    }

    @Override
    public Response apply(MessageShortcutRequest request, MessageShortcutContext ctx) {
        var payload = request.getPayload();
        String channelId = payload.getChannel().getId();
        String text = SlackText.plain(
                payload.getMessage().getText() == null
                        ? ""
                        : payload.getMessage().getText());
        var firstView = QuoteModal.build(channelId, text, null);
        var slack = this.slack.forTeam(payload.getTeam().getId());
        afterAck.execute(() -> {
            // The trigger id expires after 3 s, and the permalink may wait out a rate limit: open the modal
            // first, then add the link to it.
            var opened = slack.call(
                    "views.open",
                    client -> client.viewsOpen(
                            r -> r.triggerId(payload.getTriggerId()).view(firstView)));
            var viewId = opened.map(response -> response.getView()).map(view -> view.getId());
            if (viewId.isEmpty()) {
                return;
            }
            slack.call(
                            "chat.getPermalink",
                            client -> client.chatGetPermalink(
                                    r -> r.channel(channelId).messageTs(payload.getMessageTs())))
                    .map(response -> response.getPermalink())
                    .ifPresent(link -> slack.call(
                            "views.update",
                            client -> client.viewsUpdate(
                                    r -> r.viewId(viewId.get()).view(QuoteModal.build(channelId, text, link)))));
        });
        return ctx.ack();
    }
}
