package lodestar.pulse;

import java.util.List;
import java.util.Locale;

/** One question of a survey. */
public record Question(int position, Kind kind, String text, List<String> options, boolean belief) {
    /** How a question is answered. */
    public enum Kind {
        /** 0–10, as in eNPS. */
        SCALE10,
        /** 1 Strongly disagree … 5 Strongly agree. */
        AGREE5,
        /** One of 2–6 options. */
        CHOICE,
        /** Free text, answered in a small modal. */
        COMMENT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<String> AGREEMENT =
            List.of("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree");

    public Question {
        options = List.copyOf(options);
    }

    /**
     * Whether this is the eNPS question: eNPS comes only from "How likely are you to recommend working here to a
     * friend?" on 0–10 (in the eNPS template, or typed as such into a custom survey); any other 0–10 question is a
     * plain scale, reported by its mean.
     */
    public boolean enps() {
        return kind == Kind.SCALE10 && text.strip().equalsIgnoreCase(Template.ENPS_QUESTION);
    }

    /** The values a button can carry for this question. */
    public boolean accepts(int value) {
        return switch (kind) {
            case SCALE10 -> value >= 0 && value <= 10;
            case AGREE5 -> value >= 1 && value <= 5;
            case CHOICE -> value >= 0 && value < options.size();
            case COMMENT -> false;
        };
    }
}
