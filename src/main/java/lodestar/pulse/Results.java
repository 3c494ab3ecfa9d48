package lodestar.pulse;

import java.util.List;
import java.util.Optional;

/**
 * A run's results. When fewer than the series' minimum group size answered the run ({@link #enough()}), or a
 * question ({@link QuestionResult#enough()}), nothing derived from those answers is kept: no counts, comments,
 * eNPS or belief score.
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

    /**
     * One question's answers: counts by value (0–10, 1–5 as index 0–4, or option) and comments. When fewer than the
     * minimum group size answered it, {@code enough} is false and the counts are zero and the comments empty.
     */
    public record QuestionResult(
            Question question, boolean enough, long answers, long[] counts, List<Comment> comments) {
        public QuestionResult {
            comments = List.copyOf(comments);
            counts = counts.clone();
        }

        /** What is kept of a question that fewer than the minimum group size answered: nothing. */
        static QuestionResult hidden(Question question, int size) {
            return new QuestionResult(question, false, 0, new long[size], List.of());
        }

        @Override
        public long[] counts() {
            return counts.clone();
        }
    }

    /** A comment, with its author only when the survey said it is not anonymous. */
    public record Comment(String text, Optional<String> author) {}

    public boolean enough() {
        return respondents >= series.minGroup();
    }

    public int responseRate() {
        return PulseMath.percent(respondents, audience);
    }

    /** The same question's result in the previous run, when both runs showed it: what deltas compare with. */
    public Optional<QuestionResult> before(QuestionResult now) {
        return previous.filter(Results::enough)
                .flatMap(before -> before.questions().stream()
                        .filter(q -> q.question().position() == now.question().position()
                                && q.question().kind() == now.question().kind()
                                && q.question().options().equals(now.question().options())
                                && q.enough())
                        .findFirst());
    }
}
