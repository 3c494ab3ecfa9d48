package lodestar.recognition;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import java.util.List;
import java.util.Optional;
import lodestar.inbox.Inbox;
import lodestar.slack.SlackApi;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;

/**
 * {@code /kudos}: help and malformed input are answered in the ack; everything else needs Slack (who the
 * recipients are, the giver's time zone), so it is recorded in the inbox, acked at once, and answered through the
 * response URL by a worker.
 */
final class KudosCommand implements SlashCommandHandler {
    static final String COMMAND = "/kudos";
    static final String NOT_OPENED =
            "The kudos form could not open (Slack did not answer in time). Please use `/kudos` again.";

    private final RecognitionService service;
    private final WorkspaceService workspace;
    private final KudosAnnouncer announcer;
    private final SlackApi slack;
    private final Inbox inbox;

    KudosCommand(
            RecognitionService service,
            WorkspaceService workspace,
            KudosAnnouncer announcer,
            SlackApi slack,
            Inbox inbox) {
        this.service = service;
        this.workspace = workspace;
        this.announcer = announcer;
        this.slack = slack;
        this.inbox = inbox;
        // Giving and removing announce (a post, DMs): long jobs, which must not delay the forms others open.
        inbox.register(COMMAND, this::handle, command -> {
            var input = KudosParser.parse(command.getText());
            return input instanceof KudosInput.Give || input instanceof KudosInput.Remove;
        });
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        var input = KudosParser.parse(request.getPayload().getText());
        if (input instanceof KudosInput.Help) {
            return ctx.ack(ephemeral(RecognitionMessages.HELP));
        }
        if (input instanceof KudosInput.Malformed malformed) {
            return ctx.ack(ephemeral(malformed.message()));
        }
        return Inbox.ack(inbox.accept(request.getPayload()), ctx);
    }

    /** The work after the ack, on a worker of the inbox: it may run again for the same command after a crash. */
    private void handle(SlashCommandPayload payload) {
        var actor = new Actor(payload.getTeamId(), payload.getEnterpriseId(), payload.getUserId());
        var input = KudosParser.parse(payload.getText());
        if (input instanceof KudosInput.OpenModal) {
            var view = KudosModal.build(
                    workspace.values(actor.teamId()), List.of(), new KudosModal.Origin(payload.getChannelId(), null));
            slack.openForm(payload, view, NOT_OPENED);
        } else {
            slack.respond(
                    payload.getResponseUrl(), answer(actor, input, payload.getChannelId(), payload.getTriggerId()));
        }
    }

    private SlashCommandResponse answer(Actor actor, KudosInput input, String channelId, String triggerId) {
        if (input instanceof KudosInput.Mine) {
            return ephemeral(RecognitionMessages.summary(service.summary(actor)));
        } else if (input instanceof KudosInput.Top top) {
            return ephemeral(RecognitionMessages.leaderboard(service.top(actor, top.period())));
        } else if (input instanceof KudosInput.Remove remove) {
            var outcome = service.remove(actor, remove.kudosId());
            if (outcome instanceof Withdrawn.Done done) {
                announcer.withdraw(done.kudos());
                return ephemeral(
                        "Kudos #" + done.kudos().id() + " removed. Its post says it was withdrawn by a moderator,"
                                + " and the removal is recorded with your name.");
            }
            return ephemeral(((Withdrawn.Refused) outcome).reason());
        } else if (input instanceof KudosInput.Give give) {
            var result = service.giveFromInbox(new GiveRequest(
                    actor,
                    give.recipients(),
                    give.values(),
                    give.reason(),
                    Optional.empty(),
                    Optional.empty(),
                    channelId,
                    "command:" + triggerId,
                    Optional.empty()));
            if (result instanceof GiveResult.Rejected rejected) {
                return ephemeral(RecognitionMessages.rejected(rejected.problems()) + "\nNothing was sent.");
            }
            var given = (GiveResult.Given) result;
            var postProblem = announcer.announce(given);
            // Read back unless it waits or failed: the post's ts (stored once posted, here or by another sender)
            // decides whether the confirmation says "Posted".
            var kudos = postProblem.isPresent()
                    ? given.kudos()
                    : service.find(actor.teamId(), given.kudos().id()).orElse(given.kudos());
            var blocks = RecognitionMessages.confirmation(kudos, given.remaining(), postProblem);
            return SlashCommandResponse.builder()
                    .responseType("ephemeral")
                    .text(RecognitionMessages.confirmationText(kudos, given.remaining()))
                    .blocks(blocks)
                    .build();
        }
        throw new IllegalArgumentException("Unexpected input " + input);
    }

    private static SlashCommandResponse ephemeral(String text) {
        return SlashCommandResponse.builder()
                .responseType("ephemeral")
                .text(text)
                .build();
    }
}
