package lodestar.pulse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.secret.ServerSecret;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/**
 * Pulse surveys, as the rest of Lodestar sees them: creating series, answering, closing, and results above the
 * minimum group size. Who may do what is decided here; the life of runs is {@link PulseRuns}, answers are
 * {@link PulseAnswers}, counting at close is {@link PulseTally}.
 */
public final class PulseService {
    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final Clock clock;
    private final PulseRuns runs;
    private final PulseAnswers answers;
    private final PulseTally tally;

    public PulseService(DSLContext dsl, WorkspaceService workspace, Clock clock, ServerSecret secret) {
        this.dsl = dsl;
        this.workspace = workspace;
        this.clock = clock;
        this.runs = new PulseRuns(dsl, clock);
        this.answers = new PulseAnswers(dsl, secret, clock);
        this.tally = new PulseTally(dsl, secret, clock);
    }

    /** The outcome of creating a survey. */
    public sealed interface Created {
        record Done(Series series, Instant opensAt) implements Created {}

        record Invalid(Map<SeriesDraft.Field, String> problems) implements Created {}

        record NotAllowed() implements Created {}
    }

    /** What {@code /pulse results} shows someone: the results, or why not. */
    public sealed interface ResultsFor {
        record Shown(Results results) implements ResultsFor {}

        record Refused(String reason) implements ResultsFor {}
    }

    PulseRuns runs() {
        return runs;
    }

    PulseAnswers answers() {
        return answers;
    }

    /** Only admins and leaders create surveys and close them. */
    public boolean canRun(String teamId, String userId) {
        return workspace.isLeader(teamId, userId) || workspace.canManage(teamId, userId);
    }

    public Created create(Actor actor, SeriesDraft draft) {
        if (!canRun(actor.teamId(), actor.userId())) {
            return new Created.NotAllowed();
        }
        Map<SeriesDraft.Field, String> problems = new LinkedHashMap<>(draft.problems());
        if (!problems.isEmpty()) {
            return new Created.Invalid(problems);
        }
        var questions = draft.questions(problems);
        var opensAt = draft.firstOpening(clock).toInstant();
        workspace.settings(actor.teamId(), actor.enterpriseId());
        long id = dsl.transactionResult(tx -> new SeriesRepository(tx.dsl())
                .insertSeries(
                        actor.teamId(),
                        draft.template().orElseThrow().title(),
                        draft,
                        questions,
                        actor.userId(),
                        opensAt,
                        clock.instant()));
        return new Created.Done(
                new SeriesRepository(dsl).series(actor.teamId(), id).orElseThrow(), opensAt);
    }

    /** Records (or changes) a person's answer to one question; anonymous however the survey is set. */
    public Answered answer(Actor actor, long runId, int position, Integer value, String comment) {
        return answers.answer(actor, runId, position, value, comment);
    }

    /** Closes every run past its deadline (once, also after downtime) and counts its answers; returns those closed. */
    public List<Long> closeDue() {
        var closed = runs.closeDue();
        tally.tallyClosed();
        return closed;
    }

    /** Counts the answers of closed runs not counted yet (after a failure or a crash mid-way). */
    List<Long> tallyClosed() {
        return tally.tallyClosed();
    }

    /** Closes a run now (admins and leaders) and counts its answers; empty when it was closed already. */
    public Optional<Long> closeNow(Actor actor, long runId) {
        if (!canRun(actor.teamId(), actor.userId())
                || new RunRepository(dsl).run(actor.teamId(), runId).isEmpty()) {
            return Optional.empty();
        }
        var closed = runs.closeNow(runId);
        tally.tallyClosed();
        return closed;
    }

    /** Pauses or resumes a recurring series (admins and leaders); false when not allowed or unknown. */
    public boolean setPaused(Actor actor, long seriesId, boolean paused) {
        return canRun(actor.teamId(), actor.userId()) && runs.setPaused(actor, seriesId, paused);
    }

    public Optional<Series> series(String teamId, long seriesId) {
        return new SeriesRepository(dsl).series(teamId, seriesId);
    }

    public List<Series> list(String teamId) {
        return new SeriesRepository(dsl).seriesOf(teamId);
    }

    /** What {@code /pulse list} shows: the latest series and their runs, in two queries. */
    List<PulseListing.Listed> listing(String teamId) {
        return PulseListing.of(dsl, teamId);
    }

    public List<Run> runs(long seriesId) {
        return new RunRepository(dsl).runsOf(seriesId);
    }

    public Optional<Run> run(String teamId, long runId) {
        return new RunRepository(dsl).run(teamId, runId);
    }

    /** How many people answered the run: counted at close, or their answer keys while it is open. */
    public int respondents(long runId) {
        return PulseAnswers.respondents(dsl, runId);
    }

    public int audience(long runId) {
        return new RunRepository(dsl).audience(runId);
    }

    /**
     * A run's results for one person: only once the run is closed and counted (live tallies would let anyone diff
     * results around a click), and for DM surveys only for the creator, leaders and admins (channel surveys post them
     * in the channel anyway).
     */
    public ResultsFor resultsFor(Actor actor, long runId) {
        var run = new RunRepository(dsl).run(actor.teamId(), runId);
        if (run.isEmpty()) {
            return new ResultsFor.Refused("There is no survey run #" + runId + ".");
        }
        if (!run.get().closed()) {
            return new ResultsFor.Refused("Survey run #" + runId + " is still open: its results are shown once it"
                    + " closes, so that nobody can tell answers apart by when they came in.");
        }
        if (!run.get().tallied()) {
            return new ResultsFor.Refused("Survey run #" + runId
                    + " has just closed and its answers are being counted: try again in a" + " minute.");
        }
        var series = new SeriesRepository(dsl)
                .series(actor.teamId(), run.get().seriesId())
                .orElseThrow();
        // A channel survey's results are posted in its channel, for its members; asked for by command, they go to
        // its creator, the leaders and the admins only, as a DM survey's do: run numbers are easy to guess, and a
        // private channel's results are not for the rest of the workspace.
        if (!series.createdBy().equals(actor.userId()) && !canRun(actor.teamId(), actor.userId())) {
            return new ResultsFor.Refused("The results of survey run #" + runId
                    + (series.audience().byDm() ? "" : " are posted in its channel; asked for here, they")
                    + " go to its creator, the leaders and the admins.");
        }
        return new ResultsFor.Shown(results(actor.teamId(), runId).orElseThrow());
    }

    /** A counted run's results, with the previous run of the series for comparison. */
    public Optional<Results> results(String teamId, long runId) {
        return PulseResults.of(dsl, teamId, runId);
    }

    /**
     * The results of every counted run of a series, oldest first, in a few queries whatever their number (no comment
     * read): what the dashboard shows run by run. A run below its minimum group size has nothing but its response rate.
     */
    public List<Results> resultsOf(String teamId, long seriesId) {
        var counted = new RunRepository(dsl)
                .runsOf(seriesId).stream()
                        .filter(Run::tallied)
                        .filter(run -> run.teamId().equals(teamId))
                        .toList();
        return PulseResults.compute(dsl, teamId, counted, Set.of()).stream()
                .map(PulseResults.Computed::results)
                .toList();
    }

    /**
     * The pulse figures known at {@code asOf} for the digest: the runs closed by then (the latest 40) that met their
     * minimum group size, oldest first; eNPS and belief only from questions that met it too. A handful of queries
     * whatever the number of runs, and no comments read.
     */
    public PulseSummary summary(String teamId, Instant asOf) {
        return summary(teamId, asOf, asOf);
    }

    /**
     * Like {@link #summary(String, Instant)}, with every run closed since {@code since} besides: what a trend of many
     * weeks needs, so that its oldest weeks have the results they had then, however many surveys ran since.
     */
    public PulseSummary summary(String teamId, Instant asOf, Instant since) {
        var closed = new RunRepository(dsl).closedRunsBefore(teamId, since, asOf, 40);
        List<PulseSummary.Point> points = new ArrayList<>();
        for (var computed : PulseResults.compute(dsl, teamId, closed, Set.of())) {
            var results = computed.results();
            if (results.enough()) {
                points.add(new PulseSummary.Point(
                        results.run().closesAt(), results.enps(), results.belief(), results.responseRate()));
            }
        }
        return new PulseSummary(points);
    }
}
