package lodestar.pulse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The built-in surveys, and custom ones. */
public enum Template {
    ENPS("eNPS"),
    CX_BELIEF("CX belief"),
    CUSTOM("Custom survey");

    static final String ENPS_QUESTION = "How likely are you to recommend working here to a friend?";
    static final List<String> BELIEF_STATEMENTS = List.of(
            "I know our customer-experience mission and what it asks of me.",
            "I understand how my work affects our customers.",
            "I can resolve a customer's problem without waiting for approval.",
            "Leaders here act in the customer's interest, even when it costs us in the short term.",
            "When a customer tells us something is wrong, we fix it.");

    private final String title;

    Template(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The template's questions (custom surveys bring their own). */
    public List<Question> questions() {
        return switch (this) {
            case ENPS ->
                List.of(
                        new Question(1, Question.Kind.SCALE10, ENPS_QUESTION, List.of(), false),
                        new Question(
                                2, Question.Kind.COMMENT, "What is the main reason for your score?", List.of(), false));
            case CX_BELIEF -> {
                List<Question> questions = new ArrayList<>();
                for (int i = 0; i < BELIEF_STATEMENTS.size(); i++) {
                    questions.add(new Question(i + 1, Question.Kind.AGREE5, BELIEF_STATEMENTS.get(i), List.of(), true));
                }
                yield questions;
            }
            case CUSTOM -> List.of();
        };
    }
}
