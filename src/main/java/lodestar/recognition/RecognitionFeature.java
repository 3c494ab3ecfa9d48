package lodestar.recognition;

import com.slack.api.bolt.App;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import java.time.Clock;
import java.util.concurrent.Executor;
import lodestar.slack.HomeTab;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/** Recognition: {@code /kudos}, the kudos modal and message shortcut, undo, reactions, and the Home section. */
public final class RecognitionFeature {
    private final RecognitionService service;
    private final WorkspaceService workspace;
    private final KudosAnnouncer announcer;
    private final SlackApi slack;
    private final Executor afterAck;

    private RecognitionFeature(
            RecognitionService service, WorkspaceService workspace, SlackApi slack, Executor afterAck) {
        this.service = service;
        this.workspace = workspace;
        this.announcer = new KudosAnnouncer(service, slack);
        this.slack = slack;
        this.afterAck = afterAck;
    }

    public static RecognitionFeature create(
            DSLContext dsl,
            WorkspaceService workspace,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            Executor afterAck) {
        return new RecognitionFeature(new RecognitionService(dsl, workspace, users, clock), workspace, slack, afterAck);
    }

    public RecognitionService service() {
        return service;
    }

    public void register(App bolt, HomeTab home) {
        bolt.command(KudosCommand.COMMAND, new KudosCommand(service, workspace, announcer, slack, afterAck));
        bolt.viewSubmission(KudosModal.CALLBACK_ID, new KudosSubmission(service, announcer, slack, afterAck));
        bolt.messageShortcut(GiveKudosShortcut.CALLBACK_ID, new GiveKudosShortcut(workspace, slack, afterAck));
        bolt.blockAction(RecognitionMessages.UNDO_ACTION, new UndoAction(service, announcer, slack, afterAck));
        bolt.event(ReactionAddedEvent.class, (payload, ctx) -> {
            var event = payload.getEvent();
            if ("message".equals(event.getItem().getType())) {
                service.react(
                        payload.getTeamId(),
                        event.getItem().getChannel(),
                        event.getItem().getTs(),
                        event.getUser(),
                        event.getReaction(),
                        true);
            }
            return ctx.ack();
        });
        bolt.event(ReactionRemovedEvent.class, (payload, ctx) -> {
            var event = payload.getEvent();
            if ("message".equals(event.getItem().getType())) {
                service.react(
                        payload.getTeamId(),
                        event.getItem().getChannel(),
                        event.getItem().getTs(),
                        event.getUser(),
                        event.getReaction(),
                        false);
            }
            return ctx.ack();
        });
        home.addSection((teamId, userId) -> RecognitionMessages.home(service.summary(new Actor(teamId, null, userId))));
    }
}
