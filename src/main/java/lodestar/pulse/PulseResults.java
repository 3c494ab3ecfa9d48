package lodestar.pulse;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Results of runs computed from their answer counts, with the minimum group size applied to each question. */
final class PulseResults {
    private static final SecureRandom RANDOM = new SecureRandom();

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
    static Optional<Results> of(PulseRepository repository, String teamId, long runId) {
        return repository.run(teamId, runId).map(run -> {
            var runs = repository.runsOf(run.seriesId());
            int index = runs.stream().map(Run::id).toList().indexOf(runId);
            List<Run> wanted = index > 0 ? List.of(runs.get(index - 1), run) : List.of(run);
            var computed = compute(repository, teamId, wanted, Set.of(runId));
            return index > 0
                    ? computed.get(1).withPrevious(computed.get(0))
                    : computed.get(0).results();
        });
    }

    /**
     * The results of several runs from a few queries. Comments are read only for {@code withComments}, and only for
     * questions that enough people answered; below the minimum group size nothing derived from answers is kept.
     */
    static List<Computed> compute(PulseRepository repository, String teamId, List<Run> runs, Set<Long> withComments) {
        if (runs.isEmpty()) {
            return List.of();
        }
        var ids = runs.stream().map(Run::id).toList();
        var series =
                repository.seriesByIds(teamId, runs.stream().map(Run::seriesId).collect(Collectors.toSet()));
        Map<Long, Map<Integer, List<PulseRepository.Tally>>> tallies = repository.tallies(ids).stream()
                .collect(Collectors.groupingBy(
                        PulseRepository.Tally::runId, Collectors.groupingBy(PulseRepository.Tally::position)));
        var audiences = repository.audiences(ids);
        var respondents = repository.respondentCounts(ids);
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
                        repository,
                        run,
                        question,
                        byPosition.getOrDefault(question.position(), List.of()),
                        answered >= of.minGroup() ? of.minGroup() : Integer.MAX_VALUE,
                        withComments.contains(run.id()));
                questions.add(result);
                if (!result.enough()) {
                    continue;
                }
                if (question.kind() == Question.Kind.SCALE10 && enps.isEmpty()) {
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
            PulseRepository repository,
            Run run,
            Question question,
            List<PulseRepository.Tally> tallies,
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
        long answers = 0;
        for (var tally : tallies) {
            if (question.kind() == Question.Kind.COMMENT ? tally.value() == null : tally.value() != null) {
                answers += tally.count();
                int index = question.kind() == Question.Kind.COMMENT ? -1 : tally.value() - offset;
                if (index >= 0 && index < size) {
                    counts[index] = tally.count();
                }
            }
        }
        if (answers < minGroup) {
            return Results.QuestionResult.hidden(question, size);
        }
        List<String> comments = new ArrayList<>();
        if (question.kind() == Question.Kind.COMMENT && withComments) {
            comments.addAll(repository.comments(run.id(), question.position()));
            Collections.shuffle(comments, RANDOM);
        }
        return new Results.QuestionResult(question, true, answers, counts, comments);
    }
}
