package lodestar.recognition;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import lodestar.inbox.Inbox;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackText;
import lodestar.workspace.Actor;

/**
 * The kudos modal submitted. Problems go back into the modal in the ack ({@code response_action: errors});
 * a good give closes it, and the post, DMs and confirmation follow after the ack. A give Slack's look-ups did not let
 * finish before the ack is recorded in the inbox first ({@link #JOB}), so that it survives the instance.
 */
final class KudosSubmission implements ViewSubmissionHandler, Inbox.Job {
    /** The inbox's name for a submitted form whose give is finished after the ack. */
    static final String JOB = "kudos-form";

    private static final Gson GSON = GsonFactory.createSnakeCase();

    /**
     * How long the people in a give may be looked up before the ack. Field errors (a bot, a deactivated person)
     * can only go back into the modal in the ack, which Slack wants within 3 seconds, and that needs
     * {@code users.info}. So the lookups run in parallel, once each, with no wait on a rate limit, for at most
     * this long; users looked up recently come from the cache at once. When Slack is slower than that, the
     * modal closes and the give is finished after the ack, and a refusal reaches the giver as a message instead
     * of a field error: rarer, and simpler than updating a modal that may already be closed.
     */
    private final Duration preAckBudget;

    private final RecognitionService service;
    private final KudosAnnouncer announcer;
    private final SlackApi slack;
    private final Executor afterAck;
    private final Inbox inbox;
    private final QuoteTexts quotes;

    KudosSubmission(
            RecognitionService service,
            KudosAnnouncer announcer,
            SlackApi slack,
            Executor afterAck,
            Inbox inbox,
            QuoteTexts quotes,
            Duration preAckBudget) {
        this.preAckBudget = preAckBudget;
        this.service = service;
        this.announcer = announcer;
        this.slack = slack;
        this.afterAck = afterAck;
        this.inbox = inbox;
        this.quotes = quotes;
    }

    /** A submitted form: who gives, what, and where the form was opened. */
    private record Submitted(Actor actor, GiveRequest give, KudosModal.Origin origin) {}

    private Submitted submitted(ViewSubmissionPayload payload) {
        var view = payload.getView();
        var state = view.getState();
        var origin = KudosModal.Origin.decode(view.getPrivateMetadata());
        String enterpriseId =
                payload.getEnterprise() == null ? null : payload.getEnterprise().getId();
        var actor = new Actor(
                payload.getTeam().getId(), enterpriseId, payload.getUser().getId());
        String impact = KudosModal.text(state, KudosModal.IMPACT);
        var quote = Optional.ofNullable(origin.quoteId())
                .flatMap(id -> quotes.text(actor.teamId(), id).map(text -> new AttachedQuote(id, text)));
        var give = new GiveRequest(
                actor,
                KudosModal.recipients(state),
                KudosModal.values(state),
                SlackText.fromPlain(KudosModal.text(state, KudosModal.REASON)),
                Optional.of(SlackText.fromPlain(impact)),
                Optional.ofNullable(origin.link()),
                origin.channelId(),
                "view:" + view.getId(),
                quote);
        return new Submitted(actor, give, origin);
    }

    @Override
    public Response apply(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var payload = request.getPayload();
        var submitted = submitted(payload);
        var actor = submitted.actor();
        var checked = service.giveWithin(submitted.give(), preAckBudget);
        if (checked.isEmpty()) {
            inbox.accept(JOB, actor.teamId(), submitted.give().idempotencyKey(), stored(payload));
            return ctx.ack();
        }
        if (checked.get() instanceof GiveResult.Rejected rejected) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (var problem : rejected.problems()) {
                errors.merge(
                        KudosModal.blockFor(problem.field()),
                        SlackText.plain(problem.message()),
                        (a, b) -> a + " " + b);
            }
            return ctx.ack(r -> r.responseAction("errors").errors(errors));
        }
        // Recorded, its post and DMs in the outbox: only the giver's confirmation is left to the ack's aftermath.
        afterAck.execute(() -> finish(checked.get(), actor.teamId(), actor.userId(), submitted.origin(), false));
        return ctx.ack();
    }

    /** The give of a form recorded in the inbox, on a worker of any instance. */
    @Override
    public void run(String payload) {
        var submitted = submitted(GSON.fromJson(payload, ViewSubmissionPayload.class));
        var actor = submitted.actor();
        // Done again after a worker died or the database went away after the give: the giver still hears of it.
        finish(service.giveFromInbox(submitted.give()), actor.teamId(), actor.userId(), submitted.origin(), true);
    }

    @Override
    public void failed(String payload, RuntimeException failure) {
        var form = GSON.fromJson(payload, ViewSubmissionPayload.class);
        var origin = KudosModal.Origin.decode(form.getView().getPrivateMetadata());
        tell(
                form.getTeam().getId(),
                form.getUser().getId(),
                origin,
                "Lodestar couldn't finish your kudos. If it doesn't appear in the channel, give it again with"
                        + " `/kudos`.",
                null);
    }

    /**
     * The form as recorded: only what {@link #submitted} reads (who, the view's id, origin and fields), not the
     * verification token Slack still sends (a credential) nor the modal's blocks.
     */
    private static String stored(ViewSubmissionPayload payload) {
        JsonObject json = GSON.toJsonTree(payload).getAsJsonObject();
        JsonObject kept = new JsonObject();
        for (String key : List.of("team", "enterprise", "user")) {
            if (json.has(key)) {
                kept.add(key, json.get(key));
            }
        }
        JsonObject view = json.getAsJsonObject("view");
        JsonObject keptView = new JsonObject();
        for (String key : List.of("id", "private_metadata", "state")) {
            if (view.has(key)) {
                keptView.add(key, view.get(key));
            }
        }
        kept.add("view", keptView);
        return GSON.toJson(kept);
    }

    /** After the ack: announces a new kudos and confirms it, or tells the giver why it was not given. */
    private void finish(
            GiveResult result, String teamId, String giverId, KudosModal.Origin origin, boolean confirmRepeated) {
        if (result instanceof GiveResult.Rejected rejected) {
            String text = "Your kudos wasn't given:\n" + RecognitionMessages.rejected(rejected.problems())
                    + "\nNothing was sent. Try again with `/kudos`.";
            tell(teamId, giverId, origin, text, null);
            return;
        }
        var given = (GiveResult.Given) result;
        if (given.repeated() && !confirmRepeated) {
            return; // the form submitted twice: the first submission confirms
        }
        var postProblem = announcer.announce(given);
        // read back, as the command does, only when it may have been posted (its ts decides "Posted")
        var kudos = postProblem.isPresent()
                ? given.kudos()
                : service.find(given.kudos().teamId(), given.kudos().id()).orElse(given.kudos());
        tell(
                teamId,
                giverId,
                origin,
                RecognitionMessages.confirmationText(kudos, given.remaining()),
                RecognitionMessages.confirmation(kudos, given.remaining(), postProblem));
    }

    /** An ephemeral message where the modal was opened, or a DM when that is not possible. */
    private void tell(String teamId, String giverId, KudosModal.Origin origin, String text, List<LayoutBlock> blocks) {
        var slack = this.slack.forTeam(teamId);
        boolean shown = origin.channelId() != null
                && slack.call(
                                "chat.postEphemeral",
                                client -> client.chatPostEphemeral(r -> r.channel(origin.channelId())
                                        .user(giverId)
                                        .text(text)
                                        .blocks(blocks)))
                        .isPresent();
        if (!shown) {
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(
                            r -> r.channel(giverId).text(text).blocks(blocks)));
        }
    }
}
