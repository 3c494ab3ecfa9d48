package lodestar.quotes;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import lodestar.workspace.Actor;

/**
 * The add-a-quote modal submitted: field errors in the ack, or the quote added and the person thanked by DM (the
 * modal closes without a word, so the DM, with the quote's number, is how they learn it was added).
 */
final class QuoteAddSubmission implements ViewSubmissionHandler {
    private final QuoteService service;
    private final QuoteDeliveries deliveries;
    private final Executor afterAck;

    QuoteAddSubmission(QuoteService service, QuoteDeliveries deliveries, Executor afterAck) {
        this.service = service;
        this.deliveries = deliveries;
        this.afterAck = afterAck;
    }

    @Override
    public Response apply(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var payload = request.getPayload();
        var actor = new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
        var outcome =
                service.addAndThank(actor, QuoteModal.draft(payload.getView().getState()));
        if (outcome instanceof QuoteOutcome.Invalid invalid) {
            Map<String, String> errors = new LinkedHashMap<>();
            invalid.problems().forEach((field, problem) -> errors.put(QuoteModal.blockFor(field), problem));
            return ctx.ack(r -> r.responseAction("errors").errors(errors));
        }
        long quoteId = ((QuoteOutcome.Added) outcome).quote().id();
        afterAck.execute(() -> deliveries.deliver(actor.teamId(), QuoteDeliveries.thanksKey(quoteId)));
        return ctx.ack();
    }
}
