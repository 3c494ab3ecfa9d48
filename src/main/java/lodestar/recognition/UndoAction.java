package lodestar.recognition;

import com.google.gson.Gson;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import lodestar.inbox.Inbox;
import lodestar.slack.PendingAnswer;
import lodestar.slack.SlackApi;
import lodestar.workspace.Actor;

/**
 * The Undo button on a giver's confirmation. The click is recorded in the inbox before its ack and done by a worker of
 * any instance, so that an instance dying after the ack does not lose it. A second click finds the kudos withdrawn and
 * says so.
 */
final class UndoAction implements BlockActionHandler, Inbox.Job {
    static final String JOB = "kudos-undo";
    private static final Gson GSON = new Gson();

    /** What a worker needs of the click: who, which kudos, when (the window counts to the click), where to answer. */
    private record Click(String teamId, String userId, long kudosId, long clickedAtMillis, String responseUrl) {}

    private final RecognitionService service;
    private final KudosAnnouncer announcer;
    private final SlackApi slack;
    private final Inbox inbox;
    private final Clock clock;

    UndoAction(RecognitionService service, KudosAnnouncer announcer, SlackApi slack, Inbox inbox, Clock clock) {
        this.service = service;
        this.clock = clock;
        this.announcer = announcer;
        this.slack = slack;
        this.inbox = inbox;
        // The giver waits for the answer: with the forms, not behind the long jobs.
        inbox.register(JOB, this, false);
    }

    @Override
    public Response apply(BlockActionRequest request, ActionContext ctx) {
        var payload = request.getPayload();
        long kudosId;
        try {
            kudosId = Long.parseLong(payload.getActions().get(0).getValue());
        } catch (NumberFormatException e) {
            return ctx.ack(); // not a button we made
        }
        String teamId = payload.getTeam().getId();
        var click = new Click(
                teamId, payload.getUser().getId(), kudosId, clock.instant().toEpochMilli(), payload.getResponseUrl());
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
        var outcome = service.undo(
                new Actor(click.teamId(), null, click.userId()),
                click.kudosId(),
                Instant.ofEpochMilli(click.clickedAtMillis()));
        if (outcome instanceof Withdrawn.Done done) {
            announcer.withdraw(done.kudos());
            var answer = ActionResponse.builder()
                    .replaceOriginal(true)
                    .text(RecognitionMessages.undone(done.kudos(), done.remaining()))
                    .build();
            slack.respond(click.responseUrl(), answer);
        } else {
            slack.tell(click.responseUrl(), ((Withdrawn.Refused) outcome).reason());
        }
    }

    @Override
    public void failed(String stored, RuntimeException failure) {
        slack.tell(GSON.fromJson(stored, Click.class).responseUrl(), PendingAnswer.messageFor(failure));
    }
}
