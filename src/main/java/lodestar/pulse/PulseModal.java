package lodestar.pulse;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.checkboxes;
import static com.slack.api.model.block.element.BlockElements.conversationsSelect;
import static com.slack.api.model.block.element.BlockElements.numberInput;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.radioButtons;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.block.element.BlockElements.timePicker;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lodestar.slack.SlackText;

/** The /pulse new modal and reading its submission. */
final class PulseModal {
    static final String CALLBACK_ID = "pulse_new_modal";
    static final String TEMPLATE = "template";
    static final String QUESTIONS = "questions";
    static final String AUDIENCE = "audience";
    static final String CHANNEL = "channel";
    static final String USERGROUP = "usergroup";
    static final String ANONYMOUS = "anonymous";
    static final String MIN_GROUP = "min_group";
    static final String OPEN_DAYS = "open_days";
    static final String RECURRENCE = "recurrence";
    static final String DAY = "day";
    static final String TIME = "time";
    static final String ZONE = "zone";

    private PulseModal() {}

    static View build(ZoneId defaultZone) {
        var anonymous = option(plainText("Anonymous (recommended)"), "yes");
        List<OptionObject> days = new ArrayList<>(List.of(option(plainText("Now"), "now")));
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(option(plainText(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH)), day.name()));
        }
        var blocks = List.of(
                input(i -> i.blockId(TEMPLATE)
                        .label(plainText("Survey"))
                        .element(staticSelect(s -> s.actionId(TEMPLATE)
                                .options(List.of(
                                        option(plainText("eNPS: would you recommend working here?"), "enps"),
                                        option(plainText("CX belief: our five CX statements"), "cx_belief"),
                                        option(plainText("Custom: up to 5 questions"), "custom")))))),
                input(i -> i.blockId(QUESTIONS)
                        .optional(true)
                        .label(plainText("Custom questions, one per line"))
                        .hint(plainText(
                                "scale: 0–10 question · agree: a statement (1–5) · choice: question | option | option"
                                        + " · comment: open question"))
                        .element(plainTextInput(
                                t -> t.actionId(QUESTIONS).multiline(true).maxLength(2000)))),
                input(i -> i.blockId(AUDIENCE)
                        .label(plainText("Who answers, and how?"))
                        .element(radioButtons(r -> r.actionId(AUDIENCE)
                                .options(List.of(
                                        option(plainText("Everyone in a channel, in the channel"), "channel"),
                                        option(plainText("Every member of a channel, by DM"), "dm_channel"),
                                        option(plainText("Every member of a user group, by DM"), "dm_usergroup")))))),
                input(i -> i.blockId(CHANNEL)
                        .optional(true)
                        .label(plainText("Channel"))
                        .element(conversationsSelect(c -> c.actionId(CHANNEL)))),
                input(i -> i.blockId(USERGROUP)
                        .optional(true)
                        .label(plainText("User group handle"))
                        .hint(plainText("For a user group, e.g. support-team"))
                        .element(plainTextInput(t -> t.actionId(USERGROUP).maxLength(100)))),
                input(i -> i.blockId(ANONYMOUS)
                        .optional(true)
                        .label(plainText("Anonymity"))
                        .element(checkboxes(c -> c.actionId(ANONYMOUS)
                                .options(List.of(anonymous))
                                .initialOptions(List.of(anonymous))))),
                input(i -> i.blockId(MIN_GROUP)
                        .label(plainText("Show results only when at least this many answered"))
                        .element(numberInput(n -> n.actionId(MIN_GROUP)
                                .decimalAllowed(false)
                                .minValue("3")
                                .initialValue("5")))),
                input(i -> i.blockId(OPEN_DAYS)
                        .label(plainText("Open for (days)"))
                        .element(numberInput(n -> n.actionId(OPEN_DAYS)
                                .decimalAllowed(false)
                                .minValue("1")
                                .maxValue("30")
                                .initialValue("3")))),
                input(i -> i.blockId(RECURRENCE)
                        .label(plainText("Repeat"))
                        .element(staticSelect(s -> s.actionId(RECURRENCE)
                                .initialOption(option(plainText("Once"), "once"))
                                .options(List.of(
                                        option(plainText("Once"), "once"),
                                        option(plainText("Weekly"), "weekly"),
                                        option(plainText("Every 2 weeks"), "biweekly"),
                                        option(plainText("Monthly (first of that weekday)"), "monthly")))))),
                input(i -> i.blockId(DAY)
                        .label(plainText("Opens on"))
                        .element(staticSelect(
                                s -> s.actionId(DAY).initialOption(days.get(0)).options(days)))),
                input(i -> i.blockId(TIME)
                        .label(plainText("At"))
                        .element(timePicker(t -> t.actionId(TIME).initialTime("09:00")))),
                input(i -> i.blockId(ZONE)
                        .label(plainText("Time zone (DMs go out at this time in each person's own zone)"))
                        .element(plainTextInput(t -> t.actionId(ZONE).initialValue(defaultZone.getId())))));
        return view(v -> v.type("modal")
                .callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text("New pulse survey")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Create")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(new ArrayList<>(blocks)));
    }

    /** The draft, with the user group resolved by {@code usergroups} (handle → id); problems for what can't be read. */
    static SeriesDraft draft(
            ViewState state,
            java.util.function.Function<String, Optional<String>> usergroups,
            Map<String, String> problems) {
        var values = state.getValues();
        var template = selected(values, TEMPLATE).flatMap(code -> {
            try {
                return Optional.of(Template.valueOf(code.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        var audience = selected(values, AUDIENCE).map(code -> Series.Audience.valueOf(code.toUpperCase(Locale.ROOT)));
        Optional<String> audienceId = Optional.empty();
        if (audience.isPresent() && audience.get() == Series.Audience.DM_USERGROUP) {
            var handle = text(values, USERGROUP).map(h -> h.strip().replaceFirst("^@", ""));
            audienceId = handle.flatMap(usergroups);
            if (audienceId.isEmpty()) {
                problems.put(
                        USERGROUP,
                        handle.isEmpty()
                                ? "Give the user group's handle."
                                : "No user group @" + handle.get() + " in this workspace.");
            }
        } else if (audience.isPresent()) {
            audienceId = element(values, CHANNEL).map(ViewState.Value::getSelectedConversation);
            if (audienceId.isEmpty()) {
                problems.put(CHANNEL, "Choose the channel.");
            }
        }
        ZoneId zone = ZoneId.of("UTC");
        try {
            zone = ZoneId.of(text(values, ZONE).orElse("UTC").strip());
        } catch (DateTimeException e) {
            problems.put(ZONE, "Use a time zone such as Europe/Paris or America/New_York.");
        }
        var day = selected(values, DAY).filter(d -> !d.equals("now")).map(DayOfWeek::valueOf);
        var time = element(values, TIME)
                .map(ViewState.Value::getSelectedTime)
                .map(LocalTime::parse)
                .orElse(LocalTime.of(9, 0));
        return new SeriesDraft(
                template,
                // Stored, like all user text, in the mrkdwn form Slack sends: escaped here, once.
                text(values, QUESTIONS).map(SlackText::fromPlain).orElse(""),
                audience,
                audienceId,
                // Anonymous unless the box was there and unticked: a missing state must never make a survey named.
                element(values, ANONYMOUS)
                        .map(v -> v.getSelectedOptions() != null
                                && !v.getSelectedOptions().isEmpty())
                        .orElse(true),
                number(values, MIN_GROUP, 5),
                number(values, OPEN_DAYS, 3),
                selected(values, RECURRENCE)
                        .map(code -> Recurrence.valueOf(code.toUpperCase(Locale.ROOT)))
                        .orElse(Recurrence.ONCE),
                day,
                time,
                zone);
    }

    static String blockFor(SeriesDraft.Field field) {
        return switch (field) {
            case TEMPLATE -> TEMPLATE;
            case QUESTIONS -> QUESTIONS;
            case AUDIENCE -> AUDIENCE;
            case MIN_GROUP -> MIN_GROUP;
            case OPEN_DAYS -> OPEN_DAYS;
        };
    }

    private static int number(Map<String, Map<String, ViewState.Value>> values, String block, int fallback) {
        try {
            return text(values, block).map(String::strip).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<String> selected(Map<String, Map<String, ViewState.Value>> values, String block) {
        return element(values, block).map(ViewState.Value::getSelectedOption).map(ViewState.SelectedOption::getValue);
    }

    private static Optional<String> text(Map<String, Map<String, ViewState.Value>> values, String block) {
        return element(values, block).map(ViewState.Value::getValue).filter(v -> !v.isBlank());
    }

    private static Optional<ViewState.Value> element(Map<String, Map<String, ViewState.Value>> values, String block) {
        return Optional.ofNullable(values.get(block)).map(b -> b.get(block));
    }
}
