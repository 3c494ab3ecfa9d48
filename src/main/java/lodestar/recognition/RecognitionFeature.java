package lodestar.recognition;

import com.slack.api.bolt.App;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.delivery.SlackLimits;
import lodestar.inbox.Inbox;
import lodestar.slack.AfterAck;
import lodestar.slack.HomeTab;
import lodestar.slack.ReactionEvents;
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
    private final AfterAck afterAck;
    private final QuoteTexts quotes;
    private final Duration slackBeforeAck;

    private final Clock clock;

    private RecognitionFeature(
            RecognitionService service,
            WorkspaceService workspace,
            SlackApi slack,
            AfterAck afterAck,
            QuoteTexts quotes,
            Duration slackBeforeAck,
            Courier courier,
            Clock clock) {
        this.service = service;
        this.clock = clock;
        this.workspace = workspace;
        this.announcer = new KudosAnnouncer(workspace, slack, courier);
        this.slack = slack;
        this.afterAck = afterAck;
        this.quotes = quotes;
        this.slackBeforeAck = slackBeforeAck;
    }

    /**
     * {@code quotes} gives the text of the praise a kudos answers (see {@link #openKudosModal});
     * {@code slackBeforeAck} bounds the people lookups the kudos form makes before its ack.
     */
    public static RecognitionFeature create(
            DSLContext dsl,
            WorkspaceService workspace,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            AfterAck afterAck,
            QuoteTexts quotes,
            Duration slackBeforeAck,
            Courier courier,
            SlackLimits limits) {
        var feature = new RecognitionFeature(
                new RecognitionService(dsl, workspace, users, limits, clock),
                workspace,
                slack,
                afterAck,
                quotes,
                slackBeforeAck,
                courier,
                clock);
        new KudosOutbox(clock).register(courier);
        return feature;
    }

    public RecognitionService service() {
        return service;
    }
    /**
     * Opens the kudos form for the people behind a customer's praise; the kudos will show the quote. The form
     * shows {@code quoteText}; the kudos keeps the quote's text as {@link QuoteTexts} gives it at submission.
     */
    public void openKudosModal(String teamId, String triggerId, String channelId, long quoteId, String quoteText) {
        var view = KudosModal.build(
                workspace.values(teamId),
                List.of(),
                new KudosModal.Origin(channelId, null, quoteId),
                Optional.ofNullable(quoteText),
                Optional.empty());
        slack.forTeam(teamId)
                .call(
                        "views.open",
                        client -> client.viewsOpen(r -> r.triggerId(triggerId).view(view)));
    }

    public void register(App bolt, HomeTab home, ReactionEvents reactions, Inbox inbox) {
        bolt.command(KudosCommand.COMMAND, new KudosCommand(service, workspace, announcer, slack, inbox));
        var submission =
                new KudosSubmission(service, announcer, slack, afterAck.background(), inbox, quotes, slackBeforeAck);
        inbox.register(KudosSubmission.JOB, submission, true);
        bolt.viewSubmission(KudosModal.CALLBACK_ID, submission);
        bolt.messageShortcut(
                GiveKudosShortcut.CALLBACK_ID, new GiveKudosShortcut(workspace, slack, afterAck.interactive()));
        bolt.blockAction(RecognitionMessages.UNDO_ACTION, new UndoAction(service, announcer, slack, inbox, clock));
        reactions.add(service::react);
        home.addSection((teamId, userId) -> RecognitionMessages.home(service.summary(new Actor(teamId, null, userId))));
    }
}
