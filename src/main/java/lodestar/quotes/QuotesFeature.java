package lodestar.quotes;

import com.slack.api.bolt.App;
import com.slack.api.model.event.MessageEvent;
import java.time.Clock;
import lodestar.delivery.Courier;
import lodestar.inbox.Inbox;
import lodestar.schedule.Scheduler;
import lodestar.slack.AfterAck;
import lodestar.slack.ReactionEvents;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/** The voice of the customer: {@code /quote}, the add modal and shortcut, daily posts, and the loop buttons. */
public final class QuotesFeature {
    private final QuoteService service;
    private final WorkspaceService workspace;
    private final QuoteDeliveries deliveries;
    private final DailyQuote daily;
    private final SlackApi slack;
    private final SlackUsers users;
    private final AfterAck afterAck;

    private QuotesFeature(
            QuoteService service,
            WorkspaceService workspace,
            QuoteDeliveries deliveries,
            SlackApi slack,
            SlackUsers users,
            AfterAck afterAck) {
        this.service = service;
        this.workspace = workspace;
        this.deliveries = deliveries;
        this.daily = new DailyQuote(service, deliveries);
        this.slack = slack;
        this.users = users;
        this.afterAck = afterAck;
    }

    /**
     * Wires the feature; its messages leave through {@code courier}, which records what came of each quote post with
     * the feature's handler (updates and DMs need none).
     */
    public static QuotesFeature create(
            DSLContext dsl,
            WorkspaceService workspace,
            Scheduler scheduler,
            Courier courier,
            SlackApi slack,
            SlackUsers users,
            Clock clock,
            AfterAck afterAck) {
        var service = new QuoteService(dsl, workspace, scheduler, clock);
        var deliveries = new QuoteDeliveries(dsl, courier);
        var posts = new QuotePostOutcome(deliveries, clock);
        courier.handle(QuoteDeliveries.DAILY, posts);
        courier.handle(QuoteDeliveries.NOW, posts);
        var feature = new QuotesFeature(service, workspace, deliveries, slack, users, afterAck);
        scheduler.register(QuotePostJob.class, () -> new QuotePostJob(feature.daily));
        return feature;
    }

    public QuoteService service() {
        return service;
    }

    DailyQuote daily() {
        return daily;
    }

    public void register(App bolt, ReactionEvents reactions, CreditPraise creditPraise, Inbox inbox) {
        bolt.command(QuoteCommand.COMMAND, new QuoteCommand(service, workspace, daily, slack, users, inbox));
        bolt.viewSubmission(QuoteModal.CALLBACK_ID, new QuoteAddSubmission(service, deliveries, afterAck.background()));
        bolt.messageShortcut(SaveQuoteShortcut.CALLBACK_ID, new SaveQuoteShortcut(slack, afterAck.interactive()));
        new LoopActions(service, deliveries, creditPraise, slack, afterAck.interactive()).register(bolt);
        bolt.blockAction(QuoteMessages.OWN_ACTION, new OwnAction(service, deliveries, slack, inbox));
        reactions.add(service::react);
        bolt.event(MessageEvent.class, (payload, ctx) -> {
            var event = payload.getEvent();
            if (event.getThreadTs() != null && !event.getThreadTs().equals(event.getTs())) {
                service.reply(payload.getTeamId(), event.getChannel(), event.getThreadTs(), event.getTs());
            }
            return ctx.ack();
        });
    }
}
