package lodestar.pulse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Results of counted runs, from their tallies; the counting kept nothing of what did not meet the minimum group size,
 * and here it is applied again to each question. Reads in the caller's transaction.
 */
final class PulseResults {
    private PulseResults() {}

    /** A run's results before the previous run is attached. */
    record Computed(Results results) {
        Results withPrevious(Computed previous) {
            var r = results;
            return new Results(
                    r.series(),
                    r.run(),
                    r.audience(),
                    r.respondents(),
                    r.questions(),
                    r.enps(),
                    r.belief(),
                    Optional.of(previous.results()));
        }
    }

    /** A run's results, with the previous run of its series for comparison; read in the repository's transaction. */
    static Optional<Results> of(DSLContext dsl, String teamId, long runId) {
        return new RunRepository(dsl).run(teamId, runId).map(run -> {
            var runs = new RunRepository(dsl).runsOf(run.seriesId());
            int index = runs.stream().map(Run::id).toList().indexOf(runId);
            List<Run> wanted = index > 0 ? List.of(runs.get(index - 1), run) : List.of(run);
            var computed = compute(dsl, teamId, wanted, Set.of(runId));
            return index > 0
                    ? computed.get(1).withPrevious(computed.get(0))
                    : computed.get(0).results();
        });
    }

    /**
     * The results of several runs from a few queries. Comments are read only for {@code withComments}, and only for
     * questions that enough people answered; below the minimum group size nothing derived from answers is kept.
     */
    static List<Computed> compute(DSLContext dsl, String teamId, List<Run> runs, Set<Long> withComments) {
        if (runs.isEmpty()) {
            return List.of();
        }
        var ids = runs.stream().map(Run::id).toList();
        var series = new SeriesRepository(dsl)
                .seriesByIds(teamId, runs.stream().map(Run::seriesId).collect(Collectors.toSet()));
        var answers = new AnswerRepository(dsl);
        var counted = new ArrayList<>(answers.tallies(ids));
        counted.addAll(answers.commentCounts(ids));
        Map<Long, Map<Integer, List<AnswerRepository.Tally>>> tallies = counted.stream()
                .collect(Collectors.groupingBy(
                        AnswerRepository.Tally::runId, Collectors.groupingBy(AnswerRepository.Tally::position)));
        var audiences = new RunRepository(dsl).audiences(ids);
        var respondents = new RunRepository(dsl).respondentCounts(ids);
        List<Computed> computed = new ArrayList<>();
        for (Run run : runs) {
            var of = series.get(run.seriesId());
            int answered = respondents.getOrDefault(run.id(), 0);
            var byPosition = tallies.getOrDefault(run.id(), Map.of());
            List<Results.QuestionResult> questions = new ArrayList<>();
            Optional<Integer> enps = Optional.empty();
            List<Double> belief = new ArrayList<>();
            for (Question question : of.questions()) {
                var result = questionResult(
                        answers,
                        run,
                        question,
                        byPosition.getOrDefault(question.position(), List.of()),
                        answered >= of.minGroup() ? of.minGroup() : Integer.MAX_VALUE,
                        withComments.contains(run.id()));
                questions.add(result);
                if (!result.enough()) {
                    continue;
                }
                if (question.enps() && enps.isEmpty()) {
                    enps = Optional.of(PulseMath.enps(result.counts()));
                }
                if (question.belief()) {
                    belief.add(PulseMath.favourable(result.counts()));
                }
            }
            var beliefScore = PulseMath.beliefScore(belief);
            computed.add(new Computed(new Results(
                    of,
                    run,
                    audiences.getOrDefault(run.id(), 0),
                    answered,
                    questions,
                    enps,
                    beliefScore.isPresent() ? Optional.of(beliefScore.getAsDouble()) : Optional.empty(),
                    Optional.empty())));
        }
        return computed;
    }

    /** One question's result, or nothing when fewer than {@code minGroup} answered it. */
    private static Results.QuestionResult questionResult(
            AnswerRepository answers,
            Run run,
            Question question,
            List<AnswerRepository.Tally> tallies,
            int minGroup,
            boolean withComments) {
        int size = switch (question.kind()) {
            case SCALE10 -> 11;
            case AGREE5 -> 5;
            case CHOICE -> question.options().size();
            case COMMENT -> 0;
        };
        int offset = question.kind() == Question.Kind.AGREE5 ? 1 : 0;
        long[] counts = new long[size];
        long answered = 0;
        for (var tally : tallies) {
            answered += tally.count();
            int index = tally.value() - offset;
            if (question.kind() != Question.Kind.COMMENT && index >= 0 && index < size) {
                counts[index] = tally.count();
            }
        }
        if (answered < minGroup) {
            return Results.QuestionResult.hidden(question, size);
        }
        List<Results.Comment> comments = new ArrayList<>();
        if (question.kind() == Question.Kind.COMMENT && withComments) {
            answers.comments(run.id(), question.position())
                    .forEach(comment ->
                            comments.add(new Results.Comment(comment.text(), Optional.ofNullable(comment.author()))));
        }
        return new Results.QuestionResult(question, true, answered, counts, comments);
    }
}
