package lodestar.quotes;

import com.google.gson.Gson;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import java.util.Optional;
import java.util.UUID;
import lodestar.inbox.Inbox;
import lodestar.slack.PendingAnswer;
import lodestar.slack.SlackApi;
import lodestar.workspace.Actor;

/**
 * "I'll own this" on a posted critique. The click is recorded in the inbox before its ack and done by a worker of any
 * instance, so that an instance dying after the ack does not lose it; done again, it finds the critique owned by the
 * same person, and the message's update enqueued the first time still goes (through the outbox).
 */
final class OwnAction implements BlockActionHandler, Inbox.Job {
    static final String JOB = "quote-own";
    private static final Gson GSON = new Gson();

    /** What a worker needs of the click: who, which quote, the message clicked on, and where to answer. */
    private record Click(
            String teamId, String userId, long quoteId, String channelId, String messageTs, String responseUrl) {}

    private final QuoteService service;
    private final QuoteDeliveries deliveries;
    private final SlackApi slack;
    private final Inbox inbox;

    OwnAction(QuoteService service, QuoteDeliveries deliveries, SlackApi slack, Inbox inbox) {
        this.service = service;
        this.deliveries = deliveries;
        this.slack = slack;
        this.inbox = inbox;
        inbox.register(JOB, this, false);
    }

    @Override
    public Response apply(BlockActionRequest request, ActionContext ctx) {
        var payload = request.getPayload();
        long quoteId;
        try {
            quoteId = Long.parseLong(payload.getActions().get(0).getValue());
        } catch (NumberFormatException e) {
            return ctx.ack(); // not a button we made
        }
        String teamId = payload.getTeam().getId();
        var click = new Click(
                teamId,
                payload.getUser().getId(),
                quoteId,
                payload.getChannel().getId(),
                payload.getMessage().getTs(),
                payload.getResponseUrl());
        // Slack does not send a click again; its trigger id tells one click from another (a double click is two).
        String key = payload.getTriggerId() != null
                ? payload.getTriggerId()
                : UUID.randomUUID().toString();
        inbox.accept(JOB, teamId, key, GSON.toJson(click));
        return ctx.ack();
    }

    @Override
    public void run(String stored) {
        var click = GSON.fromJson(stored, Click.class);
        var shown = new QuoteDeliveries.Shown(click.channelId(), click.messageTs());
        var outcome = service.own(new Actor(click.teamId(), null, click.userId()), click.quoteId(), Optional.of(shown));
        if (outcome instanceof QuoteOutcome.Done done) {
            deliveries.deliver(click.teamId(), QuoteDeliveries.updateKey(shown, done.quote()));
        } else {
            slack.tell(click.responseUrl(), ((QuoteOutcome.NotDone) outcome).reason());
        }
    }

    @Override
    public void failed(String stored, RuntimeException failure) {
        slack.tell(GSON.fromJson(stored, Click.class).responseUrl(), PendingAnswer.messageFor(failure));
    }
}
