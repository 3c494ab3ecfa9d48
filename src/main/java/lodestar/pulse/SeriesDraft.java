package lodestar.pulse;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lodestar.slack.SlackText;

/**
 * A survey as filled in the /pulse new modal. Custom questions are one per line, {@code kind: text}, where kind is
 * {@code scale} (0–10), {@code agree} (1–5), {@code choice} (with options after {@code |}) or {@code comment}.
 */
public record SeriesDraft(
        Optional<Template> template,
        String customQuestions,
        Optional<Series.Audience> audience,
        Optional<String> audienceId,
        boolean anonymous,
        int minGroup,
        int openDays,
        Recurrence recurrence,
        Optional<DayOfWeek> day,
        LocalTime time,
        ZoneId zone) {

    public static final int MIN_GROUP_FLOOR = 3;
    public static final int MAX_QUESTIONS = 5;

    /** Fields of the modal that problems attach to. */
    public enum Field {
        TEMPLATE,
        QUESTIONS,
        AUDIENCE,
        MIN_GROUP,
        OPEN_DAYS
    }

    /** The questions the survey will ask, or problems with them. */
    public List<Question> questions(Map<Field, String> problems) {
        if (template.isEmpty()) {
            problems.put(Field.TEMPLATE, "Choose eNPS, CX belief or a custom survey.");
            return List.of();
        }
        if (template.get() != Template.CUSTOM) {
            return template.get().questions();
        }
        List<Question> questions = new ArrayList<>();
        String[] lines = customQuestions == null
                ? new String[0]
                : customQuestions.strip().split("\\R");
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] kindAndText = line.split(":", 2);
            String kind = kindAndText[0].strip().toLowerCase(Locale.ROOT);
            String rest = kindAndText.length > 1 ? kindAndText[1].strip() : "";
            int position = questions.size() + 1;
            // Counted as typed: the form's text is stored escaped ("&" as "&amp;").
            if (rest.isEmpty() || SlackText.plain(rest).length() > 300) {
                problems.put(
                        Field.QUESTIONS, "Line " + position + ": write `kind: question` (at most 300 characters).");
                return List.of();
            }
            switch (kind) {
                case "scale" -> questions.add(new Question(position, Question.Kind.SCALE10, rest, List.of(), false));
                case "agree" -> questions.add(new Question(position, Question.Kind.AGREE5, rest, List.of(), false));
                case "comment" -> questions.add(new Question(position, Question.Kind.COMMENT, rest, List.of(), false));
                case "choice" -> {
                    List<String> parts =
                            Arrays.stream(rest.split("\\|")).map(String::strip).toList();
                    List<String> options = parts.subList(1, parts.size()).stream()
                            .filter(o -> !o.isEmpty())
                            .toList();
                    if (options.size() < 2
                            || options.size() > 6
                            || options.stream().anyMatch(o -> SlackText.plain(o).length() > 60)) {
                        problems.put(
                                Field.QUESTIONS,
                                "Line " + position + ": a choice needs 2–6 options of at most 60"
                                        + " characters, e.g. `choice: Which matters most? | Speed | Price | Support`.");
                        return List.of();
                    }
                    questions.add(new Question(position, Question.Kind.CHOICE, parts.get(0), options, false));
                }
                default -> {
                    problems.put(
                            Field.QUESTIONS, "Line " + position + ": start with scale:, agree:, choice: or comment:.");
                    return List.of();
                }
            }
        }
        if (questions.isEmpty() || questions.size() > MAX_QUESTIONS) {
            problems.put(Field.QUESTIONS, "A custom survey has 1 to " + MAX_QUESTIONS + " questions, one per line.");
            return List.of();
        }
        return questions;
    }

    /** Everything wrong with the draft, by field. */
    public Map<Field, String> problems() {
        Map<Field, String> problems = new LinkedHashMap<>();
        questions(problems);
        if (audience.isEmpty() || audienceId.isEmpty()) {
            problems.put(Field.AUDIENCE, "Choose who the survey is for.");
        }
        if (minGroup < MIN_GROUP_FLOOR) {
            problems.put(Field.MIN_GROUP, "At least " + MIN_GROUP_FLOOR + ", so that no answer can be singled out.");
        }
        if (openDays < 1 || openDays > 30) {
            problems.put(Field.OPEN_DAYS, "Keep it open from 1 to 30 days.");
        }
        return problems;
    }

    /** When the first run opens: now when no day is given, else the next {@code day} at {@code time} in the zone. */
    public ZonedDateTime firstOpening(Clock clock) {
        var now = clock.instant().atZone(zone).withSecond(0).withNano(0);
        if (day.isEmpty()) {
            return now;
        }
        var candidate = now.with(TemporalAdjusters.nextOrSame(day.get())).with(time);
        return candidate.isBefore(now) ? candidate.plusWeeks(1) : candidate;
    }
}
