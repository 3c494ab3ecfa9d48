package lodestar.recognition;

import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import java.util.concurrent.Executor;
import lodestar.slack.SlackApi;
import lodestar.workspace.Actor;

/** The Undo button on a giver's confirmation. A second click finds the kudos withdrawn and says so. */
final class UndoAction implements BlockActionHandler {
    private final RecognitionService service;
    private final KudosAnnouncer announcer;
    private final SlackApi slack;
    private final Executor afterAck;

    UndoAction(RecognitionService service, KudosAnnouncer announcer, SlackApi slack, Executor afterAck) {
        this.service = service;
        this.announcer = announcer;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    @Override
    public Response apply(BlockActionRequest request, ActionContext ctx) {
        var payload = request.getPayload();
        var actor = new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
        String value = payload.getActions().get(0).getValue();
        afterAck.execute(() -> {
            long kudosId;
            try {
                kudosId = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return; // not a button we made
            }
            var outcome = service.undo(actor, kudosId);
            ActionResponse answer;
            if (outcome instanceof Withdrawn.Done done) {
                announcer.withdraw(done.kudos());
                answer = ActionResponse.builder()
                        .replaceOriginal(true)
                        .text(RecognitionMessages.undone(done.kudos(), done.remaining()))
                        .build();
            } else {
                answer = ActionResponse.builder()
                        .responseType("ephemeral")
                        .replaceOriginal(false)
                        .text(((Withdrawn.Refused) outcome).reason())
                        .build();
            }
            slack.respond(payload.getResponseUrl(), answer);
        });
        return ctx.ack();
    }
}
