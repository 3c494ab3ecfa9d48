package lodestar.pulse;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.bolt.App;
import com.slack.api.model.view.View;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackText;
import lodestar.workspace.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answer buttons, the comment button and its modal. An answer is recorded before its ack; the thanks, and the count a
 * channel survey shows, follow it.
 */
final class PulseActions {
    private static final Logger log = LoggerFactory.getLogger(PulseActions.class);
    static final String COMMENT_MODAL = "pulse_comment_modal";
    static final String COMMENT = "comment";
    static final int COMMENT_LIMIT = 1000;

    /** On the request threads' own connections: an answer is recorded before its ack. */
    private final PulseAnswers answers;
    /** On the workers' connections: the count a channel survey shows, read after the ack. */
    private final PulseAnswers counts;

    private final SlackApi slack;
    private final Executor afterAck;

    PulseActions(PulseAnswers answers, PulseAnswers counts, SlackApi slack, Executor afterAck) {
        this.answers = answers;
        this.counts = counts;
        this.slack = slack;
        this.afterAck = afterAck;
    }

    void register(App bolt) {
        bolt.blockAction(Pattern.compile("^" + PulseMessages.ANSWER_ACTION_PREFIX + ".*"), (request, ctx) -> {
            var payload = request.getPayload();
            var actor =
                    new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
            String[] parts = payload.getActions().get(0).getValue().split(":");
            long runId;
            int position;
            int value;
            try {
                runId = Long.parseLong(parts[0]);
                position = Integer.parseInt(parts[1]);
                value = Integer.parseInt(parts[2]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException malformed) {
                afterAck.execute(() -> slack.tell(
                        payload.getResponseUrl(), "That button is not from a Lodestar survey; nothing was recorded."));
                return ctx.ack();
            }
            // Recorded before the ack, as a comment is: an instance that died after acking would lose the answer (it
            // cannot wait in the inbox, which anyone running the database could read). The database out of reach,
            // the click gets an error from Slack rather than an ack.
            var outcome = answers.answer(actor, runId, position, value, null);
            thenBestEffort(() -> answered(outcome, payload.getResponseUrl()));
            return ctx.ack();
        });
        bolt.blockAction(PulseMessages.COMMENT_ACTION, (request, ctx) -> {
            var payload = request.getPayload();
            String target = payload.getActions().get(0).getValue();
            afterAck.execute(() -> slack.forTeam(payload.getTeam().getId())
                    .call(
                            "views.open",
                            client -> client.viewsOpen(
                                    r -> r.triggerId(payload.getTriggerId()).view(commentModal(target)))));
            return ctx.ack();
        });
        bolt.viewSubmission(COMMENT_MODAL, (request, ctx) -> {
            var payload = request.getPayload();
            var actor =
                    new Actor(payload.getTeam().getId(), null, payload.getUser().getId());
            String metadata = payload.getView().getPrivateMetadata();
            if (metadata == null || !metadata.matches("\\d{1,18}:\\d{1,2}")) {
                return ctx.ack(r -> r.responseAction("update")
                        .view(done("This form can't be used any more: click the" + " survey's button again.")));
            }
            String[] target = metadata.split(":");
            String comment = payload.getView()
                    .getState()
                    .getValues()
                    .get(COMMENT)
                    .get(COMMENT)
                    .getValue();
            if (comment == null || comment.isBlank() || comment.length() > COMMENT_LIMIT) {
                return ctx.ack(r -> r.responseAction("errors")
                        .errors(Map.of(
                                COMMENT,
                                "Write your comment (at most " + String.format("%,d", COMMENT_LIMIT)
                                        + " characters).")));
            }
            var outcome = answers.answer(
                    actor,
                    Long.parseLong(target[0]),
                    Integer.parseInt(target[1]),
                    null,
                    SlackText.fromPlain(comment.strip()));
            String text = outcome instanceof Answered.Recorded recorded
                    ? PulseMessages.thanks(recorded.series(), recorded.changed())
                    : ((Answered.Refused) outcome).reason();
            if (outcome instanceof Answered.Recorded recorded) {
                thenBestEffort(() -> updateCount(recorded));
            }
            return ctx.ack(r -> r.responseAction("update").view(done(text)));
        });
    }

    /**
     * After an answer is recorded, what only tells of it (the thanks, a channel's count): with no room for it, the click
     * is still acked, rather than answered with an error for an answer that was saved.
     */
    private void thenBestEffort(Runnable telling) {
        try {
            afterAck.execute(telling);
        } catch (RejectedExecutionException busy) {
            log.warn("An answer was recorded; too much work waiting to thank its author or update the count");
        }
    }

    private void answered(Answered outcome, String responseUrl) {
        if (outcome instanceof Answered.Recorded recorded) {
            slack.tell(responseUrl, PulseMessages.thanks(recorded.series(), recorded.changed()));
            updateCount(recorded);
        } else {
            slack.tell(responseUrl, ((Answered.Refused) outcome).reason());
        }
    }

    /**
     * Channel surveys show how many answered, never what. Called directly, not through the outbox, and tried once,
     * never waiting out a rate limit (on threads that open forms): a count that does not arrive is put right by the
     * next answer or by closing, and one left waiting must not land on the closed survey after its closing update, so
     * none is sent once the run is closed.
     */
    private void updateCount(Answered.Recorded recorded) {
        var run = recorded.run();
        if (run.messageTs().isEmpty()) {
            return;
        }
        var open = counts.countWhileOpen(run.id());
        if (open.isEmpty()) {
            return;
        }
        var count = open.get();
        var blocks = PulseMessages.survey(recorded.series(), run, count.respondents(), count.audience(), false);
        slack.forTeam(run.teamId())
                .attemptOnce(
                        "chat.update",
                        client ->
                                client.chatUpdate(r -> r.channel(run.channelId().orElseThrow())
                                        .ts(run.messageTs().get())
                                        .text(PulseMessages.surveyText(recorded.series()))
                                        .blocks(blocks)));
    }

    private static View commentModal(String target) {
        return view(v -> v.type("modal")
                .callbackId(COMMENT_MODAL)
                .privateMetadata(target)
                .title(viewTitle(t -> t.type("plain_text").text("Your comment")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Send")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(List.of(input(i -> i.blockId(COMMENT)
                        .label(plainText("Comment"))
                        .element(plainTextInput(
                                p -> p.actionId(COMMENT).multiline(true).maxLength(COMMENT_LIMIT)))))));
    }

    private static View done(String text) {
        return view(v -> v.type("modal")
                .callbackId(COMMENT_MODAL + "_done")
                .title(viewTitle(t -> t.type("plain_text").text("Your comment")))
                .close(viewClose(c -> c.type("plain_text").text("Close")))
                .blocks(List.of(section(s -> s.text(markdownText(text))))));
    }
}
