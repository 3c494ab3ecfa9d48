package lodestar.pulse;

import java.util.List;
import java.util.Optional;

/**
 * A run's results. When fewer than the series' minimum group size answered, {@link #enough()} is false and
 * nothing derived from the answers may be shown.
 */
public record Results(
        Series series,
        Run run,
        int audience,
        int respondents,
        List<QuestionResult> questions,
        Optional<Integer> enps,
        Optional<Double> belief,
        Optional<Results> previous) {

    public Results {
        questions = List.copyOf(questions);
    }

    /** One question's answers: counts by value (0–10, 1–5 as index 0–4, or option) and comments. */
    public record QuestionResult(Question question, long[] counts, List<String> comments) {
        public QuestionResult {
            comments = List.copyOf(comments);
        }

        public long answers() {
            return question.kind() == Question.Kind.COMMENT ? comments.size() : PulseMath.sum(counts);
        }
    }

    public boolean enough() {
        return respondents >= series.minGroup();
    }

    public int responseRate() {
        return PulseMath.percent(respondents, audience);
    }
}
