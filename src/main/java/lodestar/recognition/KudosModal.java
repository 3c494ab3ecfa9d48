package lodestar.recognition;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.multiStaticSelect;
import static com.slack.api.model.block.element.BlockElements.multiUsersSelect;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.recognition.GiveResult.Field;
import lodestar.slack.SlackIds;
import lodestar.slack.SlackText;
import lodestar.workspace.CxValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The "Give kudos" modal: its view, and reading a submission back. */
final class KudosModal {
    static final String CALLBACK_ID = "kudos_modal";
    static final String RECIPIENTS = "recipients";
    static final String VALUES = "values";
    static final String REASON = "reason";
    static final String IMPACT = "impact";

    private static final Gson GSON = new Gson();
    private static final Logger log = LoggerFactory.getLogger(KudosModal.class);

    /**
     * Where the modal was opened from, carried in the view's private metadata (3,000 characters at most): ids and
     * the message link only. A praise quote travels by its id; its text is loaded again at submission.
     */
    record Origin(String channelId, String link, Long quoteId) {
        Origin(String channelId, String link) {
            this(channelId, link, null);
        }

        String encode() {
            return GSON.toJson(this);
        }

        /**
         * The origin a form carried back; {@code private_metadata} is not to be trusted, so a part that is not a
         * channel id, a Slack permalink or a quote number is dropped rather than posted or stored.
         */
        static Origin decode(String metadata) {
            Origin origin = null;
            try {
                origin = metadata == null || metadata.isBlank() ? null : GSON.fromJson(metadata, Origin.class);
            } catch (com.google.gson.JsonParseException e) {
                log.warn("Ignored a kudos form's unreadable private_metadata");
            }
            if (origin == null) {
                return new Origin(null, null);
            }
            var checked = new Origin(
                    SlackIds.isChannel(origin.channelId()) ? origin.channelId() : null,
                    SlackIds.isPermalink(origin.link()) ? origin.link() : null,
                    origin.quoteId() != null && origin.quoteId() > 0 ? origin.quoteId() : null);
            if (!checked.equals(origin)) {
                log.warn("Dropped parts of a kudos form's private_metadata that are not Slack ids or links");
            }
            return checked;
        }
    }

    private KudosModal() {}

    static View build(List<CxValue> values, List<String> recipients, Origin origin) {
        return build(values, recipients, origin, Optional.empty(), Optional.empty());
    }

    /**
     * The modal; {@code quoteText} is the praise it answers, shown at the top, and {@code notice} something the
     * giver should know, shown at the bottom.
     */
    static View build(
            List<CxValue> values,
            List<String> recipients,
            Origin origin,
            Optional<String> quoteText,
            Optional<String> notice) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(input(i -> i.blockId(RECIPIENTS)
                .label(plainText("Who made a difference for a customer?"))
                .element(multiUsersSelect(s -> {
                    s.actionId(RECIPIENTS).maxSelectedItems(RecognitionService.MAX_RECIPIENTS);
                    if (!recipients.isEmpty()) {
                        s.initialUsers(recipients);
                    }
                    return s;
                }))));
        if (!values.isEmpty()) {
            blocks.add(input(i -> i.blockId(VALUES)
                    .optional(true)
                    .label(plainText("Which of our values did they live?"))
                    .element(multiStaticSelect(s -> s.actionId(VALUES)
                            .options(values.stream()
                                    .map(value -> option(plainText(value.tag()), value.name()))
                                    .toList())))));
        }
        blocks.add(input(i -> i.blockId(REASON)
                .label(plainText("What did they do?"))
                .element(plainTextInput(t -> t.actionId(REASON)
                        .multiline(true)
                        .minLength(RecognitionService.REASON_MIN)
                        .maxLength(RecognitionService.REASON_MAX)
                        .placeholder(plainText("Stayed late to fix Acme's export before their board meeting"))))));
        blocks.add(input(i -> i.blockId(IMPACT)
                .optional(true)
                .label(plainText("Customer impact"))
                .hint(plainText("Which customer, and what changed for them?"))
                .element(plainTextInput(
                        t -> t.actionId(IMPACT).multiline(true).maxLength(RecognitionService.IMPACT_MAX)))));
        quoteText.ifPresent(quote -> blocks.add(
                0,
                context(c -> c.elements(List.of(markdownText(":speech_balloon: For the customer praise: _"
                        + SlackText.truncate(SlackText.safe(quote).replace("\n", " "), 2000) + "_"))))));
        if (origin.link() != null) {
            blocks.add(
                    context(c -> c.elements(List.of(markdownText("Points at <" + origin.link() + "|this message>.")))));
        }
        notice.ifPresent(text -> blocks.add(context(c -> c.elements(List.of(markdownText(text))))));
        return view(v -> v.type("modal")
                .callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text("Give kudos")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Give")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .privateMetadata(origin.encode())
                .blocks(blocks));
    }

    static List<String> recipients(ViewState state) {
        return element(state, RECIPIENTS).map(ViewState.Value::getSelectedUsers).orElse(List.of());
    }

    static List<String> values(ViewState state) {
        return element(state, VALUES)
                .map(ViewState.Value::getSelectedOptions)
                .map(options ->
                        options.stream().map(ViewState.SelectedOption::getValue).toList())
                .orElse(List.of());
    }

    static String text(ViewState state, String blockId) {
        return element(state, blockId).map(ViewState.Value::getValue).orElse("");
    }

    /** Where each problem shows in the modal. */
    static String blockFor(Field field) {
        return switch (field) {
            case RECIPIENTS, CHANNEL, ALLOWANCE -> RECIPIENTS;
            case VALUES -> VALUES;
            case REASON -> REASON;
            case CUSTOMER_IMPACT -> IMPACT;
        };
    }

    private static Optional<ViewState.Value> element(ViewState state, String blockId) {
        return Optional.ofNullable(state)
                .map(ViewState::getValues)
                .map(values -> values.get(blockId))
                .map((Map<String, ViewState.Value> block) -> block.get(blockId));
    }
}
