package lodestar.quotes;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.google.gson.Gson;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackIds;
import lodestar.slack.SlackText;
import lodestar.workspace.Actor;

/**
 * The buttons on a posted quote that close the loop: credit the people behind praise and mark a critique resolved
 * with a one-line note (owning one is {@link OwnAction}). Each acks at once; the work follows. The message clicked on
 * is brought up to date through the outbox, its update written with the change.
 */
final class LoopActions {
    static final String RESOLVE_MODAL = "quote_resolve_modal";
    static final String NOTE = "note";
    /** What of a praise quote travels with the kudos form (its private metadata is limited to 3,000 characters). */
    static final int CREDIT_EXCERPT = 300;

    private static final Gson GSON = new Gson();

    /** Which quote and message the resolve modal is about. */
    record Target(long quoteId, String channelId, String ts) {
        /** The quote post a form was opened from; empty when its {@code private_metadata} is not one. */
        static Optional<Target> decode(String metadata) {
            try {
                var target = GSON.fromJson(metadata, Target.class);
                return target != null && SlackIds.isChannel(target.channelId()) && SlackIds.isTs(target.ts())
                        ? Optional.of(target)
                        : Optional.empty();
            } catch (com.google.gson.JsonParseException e) {
                return Optional.empty();
            }
        }
    }

    static final String FORM_EXPIRED = "This form can't be used any more: open it again from the quote.";

    private final QuoteService service;
    private final QuoteDeliveries deliveries;
    private final CreditPraise creditPraise;
    private final SlackApi slack;
    private final Executor afterAck;

    LoopActions(
            QuoteService service,
            QuoteDeliveries deliveries,
            CreditPraise creditPraise,
            SlackApi slack,
            Executor afterAck) {
        this.service = service;
        this.deliveries = deliveries;
        this.creditPraise = creditPraise;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    void register(App bolt) {
        bolt.blockAction(QuoteMessages.CREDIT_ACTION, (request, ctx) -> {
            var payload = request.getPayload();
            quoteOf(request)
                    .ifPresent(quoteId -> afterAck.execute(() -> service.find(
                                    payload.getTeam().getId(), quoteId)
                            .ifPresent(quote -> creditPraise.open(
                                    payload.getTeam().getId(),
                                    payload.getTriggerId(),
                                    payload.getChannel().getId(),
                                    quote.id(),
                                    SlackText.truncate(quote.text(), CREDIT_EXCERPT)))));
            return ctx.ack();
        });
        bolt.blockAction(QuoteMessages.RESOLVE_ACTION, (request, ctx) -> {
            var payload = request.getPayload();
            quoteOf(request)
                    .ifPresent(quoteId -> afterAck.execute(() -> {
                        var owner =
                                service.find(payload.getTeam().getId(), quoteId).flatMap(Quote::ownerId);
                        if (owner.isPresent()
                                && !owner.get().equals(payload.getUser().getId())) {
                            slack.tell(
                                    payload.getResponseUrl(),
                                    "Only <@" + owner.get() + ">, who owns this critique, can mark it resolved.");
                            return;
                        }
                        var target = new Target(
                                quoteId,
                                payload.getChannel().getId(),
                                payload.getMessage().getTs());
                        slack.forTeam(payload.getTeam().getId())
                                .call(
                                        "views.open",
                                        client -> client.viewsOpen(r -> r.triggerId(payload.getTriggerId())
                                                .view(resolveModal(target))));
                    }));
            return ctx.ack();
        });
        bolt.viewSubmission(RESOLVE_MODAL, (request, ctx) -> {
            var payload = request.getPayload();
            var actor =
                    new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
            var target = Target.decode(payload.getView().getPrivateMetadata());
            if (target.isEmpty()) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of(NOTE, FORM_EXPIRED)));
            }
            var note =
                    payload.getView().getState().getValues().get(NOTE).get(NOTE).getValue();
            var shown = new QuoteDeliveries.Shown(
                    target.get().channelId(), target.get().ts());
            var outcome = service.resolve(
                    actor, target.get().quoteId(), note == null ? "" : SlackText.fromPlain(note), Optional.of(shown));
            if (outcome instanceof QuoteOutcome.NotDone notDone) {
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of(NOTE, notDone.reason())));
            }
            afterAck.execute(() -> update(actor.teamId(), shown, ((QuoteOutcome.Done) outcome).quote()));
            return ctx.ack();
        });
    }

    /** Delivers the update of the message that the outcome enqueued with its change. */
    private void update(String teamId, QuoteDeliveries.Shown shown, Quote quote) {
        deliveries.deliver(teamId, QuoteDeliveries.updateKey(shown, quote));
    }

    private static java.util.Optional<Long> quoteOf(BlockActionRequest request) {
        try {
            return java.util.Optional.of(
                    Long.parseLong(request.getPayload().getActions().get(0).getValue()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static com.slack.api.model.view.View resolveModal(Target target) {
        return view(v -> v.type("modal")
                .callbackId(RESOLVE_MODAL)
                .title(viewTitle(t -> t.type("plain_text").text("Resolve the critique")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Resolved")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .privateMetadata(GSON.toJson(target))
                .blocks(List.of(input(i -> i.blockId(NOTE)
                        .label(plainText("How was it resolved?"))
                        .element(plainTextInput(p -> p.actionId(NOTE).maxLength(200)))))));
    }
}
