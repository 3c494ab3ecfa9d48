package lodestar.quotes;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.datePicker;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.radioButtons;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lodestar.slack.SlackText;

/** The "Add a customer quote" modal: its view, and reading a submission back into a draft. */
final class QuoteModal {
    static final String CALLBACK_ID = "quote_add_modal";
    static final String TEXT = "text";
    static final String SENTIMENT = "sentiment";
    static final String AUTHOR = "author";
    static final String ANONYMISE = "anonymise";
    static final String ANONYMISED_AS = "anonymised_as";
    static final String SOURCE = "source";
    static final String TAGS = "tags";
    static final String DATE = "date";
    static final String DEFAULT_ANONYMOUS = "a customer";

    private QuoteModal() {}

    /** The modal, pre-filled from a message when saved with the shortcut. */
    static View build(String channelId, String text, String source) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(input(i -> i.blockId(TEXT)
                .label(plainText("What did the customer say?"))
                .element(plainTextInput(t -> {
                    t.actionId(TEXT).multiline(true).maxLength(QuoteDraft.TEXT_LIMIT);
                    return text == null ? t : t.initialValue(SlackText.truncate(text, QuoteDraft.TEXT_LIMIT));
                }))));
        blocks.add(input(i -> i.blockId(SENTIMENT)
                .label(plainText("Praise or critique?"))
                .element(radioButtons(r -> r.actionId(SENTIMENT)
                        .options(List.of(
                                option(plainText("Praise"), Sentiment.PRAISE.label()),
                                option(plainText("Critique"), Sentiment.CRITIQUE.label())))))));
        blocks.add(input(i -> i.blockId(AUTHOR)
                .optional(true)
                .label(plainText("Who said it?"))
                .hint(plainText("Name, role, company: e.g. operations lead, logistics company"))
                .element(plainTextInput(t -> t.actionId(AUTHOR).maxLength(QuoteDraft.FIELD_LIMIT)))));
        blocks.add(input(i -> i.blockId(ANONYMISE)
                .optional(true)
                .label(plainText("Anonymise"))
                .element(checkboxes(c ->
                        c.actionId(ANONYMISE).options(List.of(option(plainText("Don't show who said it"), "yes")))))));
        blocks.add(input(i -> i.blockId(ANONYMISED_AS)
                .optional(true)
                .label(plainText("Show them as"))
                .hint(plainText("When anonymised, e.g. a customer in retail (default: a customer)"))
                .element(plainTextInput(t -> t.actionId(ANONYMISED_AS).maxLength(QuoteDraft.FIELD_LIMIT)))));
        blocks.add(input(i -> i.blockId(SOURCE)
                .optional(true)
                .label(plainText("Source"))
                .hint(plainText("A link or where it came from: support ticket, NPS comment, call"))
                .element(plainTextInput(t -> {
                    t.actionId(SOURCE).maxLength(QuoteDraft.FIELD_LIMIT);
                    return source == null ? t : t.initialValue(source);
                }))));
        blocks.add(input(i -> i.blockId(TAGS)
                .optional(true)
                .label(plainText("Tags"))
                .hint(plainText("Separated by commas, e.g. billing, onboarding"))
                .element(plainTextInput(t -> t.actionId(TAGS)))));
        blocks.add(input(i -> i.blockId(DATE)
                .optional(true)
                .label(plainText("Date heard"))
                .element(datePicker(d -> d.actionId(DATE)))));
        return view(v -> v.type("modal")
                .callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text("Add a customer quote")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Add")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .privateMetadata(channelId == null ? "" : channelId)
                .blocks(blocks));
    }

    static QuoteDraft draft(ViewState state) {
        boolean anonymise = value(state, ANONYMISE)
                .map(ViewState.Value::getSelectedOptions)
                .map(options -> !options.isEmpty())
                .orElse(false);
        String anonymisedAs =
                text(state, ANONYMISED_AS).filter(s -> !s.isBlank()).orElse(DEFAULT_ANONYMOUS);
        return new QuoteDraft(
                text(state, TEXT).map(SlackText::fromPlain).orElse(""),
                value(state, SENTIMENT)
                        .map(ViewState.Value::getSelectedOption)
                        .flatMap(option -> Sentiment.parse(option.getValue())),
                text(state, AUTHOR).map(SlackText::fromPlain),
                anonymise ? Optional.of(SlackText.fromPlain(anonymisedAs)) : Optional.empty(),
                text(state, SOURCE).map(SlackText::fromPlain),
                text(state, TAGS).map(tags -> Arrays.asList(tags.split(","))).orElse(List.of()),
                value(state, DATE).map(ViewState.Value::getSelectedDate).flatMap(QuoteModal::date));
    }

    /** Where each problem shows in the modal. */
    static String blockFor(QuoteDraft.Field field) {
        return switch (field) {
            case TEXT -> TEXT;
            case SENTIMENT -> SENTIMENT;
            case AUTHOR -> AUTHOR;
            case ANONYMISED_AS -> ANONYMISED_AS;
            case SOURCE -> SOURCE;
            case TAGS -> TAGS;
            case DATE -> DATE;
        };
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(ViewState state, String blockId) {
        return value(state, blockId).map(ViewState.Value::getValue);
    }

    private static Optional<ViewState.Value> value(ViewState state, String blockId) {
        return Optional.ofNullable(state)
                .map(ViewState::getValues)
                .map(values -> values.get(blockId))
                .map(block -> block.get(blockId));
    }
}
