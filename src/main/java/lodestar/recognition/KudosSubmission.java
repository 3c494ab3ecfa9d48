package lodestar.recognition;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackText;
import lodestar.workspace.Actor;

/**
 * The kudos modal submitted. Problems go back into the modal in the ack ({@code response_action: errors});
 * a good give closes it, and the post, DMs and confirmation follow after the ack.
 */
final class KudosSubmission implements ViewSubmissionHandler {
    private final RecognitionService service;
    private final KudosAnnouncer announcer;
    private final SlackApi slack;
    private final Executor afterAck;

    KudosSubmission(RecognitionService service, KudosAnnouncer announcer, SlackApi slack, Executor afterAck) {
        this.service = service;
        this.announcer = announcer;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    @Override
    public Response apply(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
        var payload = request.getPayload();
        var view = payload.getView();
        var state = view.getState();
        var origin = KudosModal.Origin.decode(view.getPrivateMetadata());
        String enterpriseId =
                payload.getEnterprise() == null ? null : payload.getEnterprise().getId();
        var actor = new Actor(
                payload.getTeam().getId(), enterpriseId, payload.getUser().getId());
        String impact = KudosModal.text(state, KudosModal.IMPACT);
        var result = service.give(new GiveRequest(
                actor,
                KudosModal.recipients(state),
                KudosModal.values(state),
                SlackText.fromPlain(KudosModal.text(state, KudosModal.REASON)),
                Optional.of(SlackText.fromPlain(impact)),
                Optional.ofNullable(origin.link()),
                origin.channelId(),
                "view:" + view.getId(),
                origin.quote()));
        if (result instanceof GiveResult.Rejected rejected) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (var problem : rejected.problems()) {
                errors.merge(
                        KudosModal.blockFor(problem.field()),
                        SlackText.plain(problem.message()),
                        (a, b) -> a + " " + b);
            }
            return ctx.ack(r -> r.responseAction("errors").errors(errors));
        }
        var given = (GiveResult.Given) result;
        if (!given.repeated()) {
            afterAck.execute(() -> confirm(given, announcer.announce(given.kudos()), origin));
        }
        return ctx.ack();
    }

    /** An ephemeral confirmation where the modal was opened, or a DM when that is not possible. */
    private void confirm(GiveResult.Given given, Optional<String> postProblem, KudosModal.Origin origin) {
        var kudos = given.kudos();
        var blocks = RecognitionMessages.confirmation(kudos, given.remaining(), postProblem);
        String text = RecognitionMessages.confirmationText(kudos, given.remaining());
        boolean shown = origin.channelId() != null
                && slack.call(
                                "chat.postEphemeral",
                                client -> client.chatPostEphemeral(r -> r.channel(origin.channelId())
                                        .user(kudos.giverId())
                                        .text(text)
                                        .blocks(blocks)))
                        .isPresent();
        if (!shown) {
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(
                            r -> r.channel(kudos.giverId()).text(text).blocks(blocks)));
        }
    }
}
