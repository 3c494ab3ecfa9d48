package lodestar.quotes;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import lodestar.slack.SlackApi;
import lodestar.workspace.Actor;

/** The add-a-quote modal submitted: field errors in the ack, or the quote added and the person told so. */
final class QuoteAddSubmission implements ViewSubmissionHandler {
    private final QuoteService service;
    private final SlackApi slack;
    private final Executor afterAck;

    QuoteAddSubmission(QuoteService service, SlackApi slack, Executor afterAck) {
        this.service = service;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    @Override
    public Response apply(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var payload = request.getPayload();
        var actor = new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
        var outcome = service.add(actor, QuoteModal.draft(payload.getView().getState()));
        if (outcome instanceof QuoteOutcome.Invalid invalid) {
            Map<String, String> errors = new LinkedHashMap<>();
            invalid.problems().forEach((field, problem) -> errors.put(QuoteModal.blockFor(field), problem));
            return ctx.ack(r -> r.responseAction("errors").errors(errors));
        }
        var quote = ((QuoteOutcome.Added) outcome).quote();
        String text = "Added quote #" + quote.id() + " to the library. Thank you for bringing the customer in.";
        afterAck.execute(() -> slack.call(
                "chat.postMessage",
                client -> client.chatPostMessage(r -> r.channel(actor.userId()).text(text))));
        return ctx.ack();
    }
}
