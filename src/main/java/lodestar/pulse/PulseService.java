package lodestar.pulse;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/** Pulse surveys: series and runs, answers that stay anonymous, and results above the minimum group size. */
public final class PulseService {
    /** Runs are created this long before they open, so that DMs can go out at each person's local time. */
    static final Duration LEAD = Duration.ofHours(26);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final Clock clock;

    public PulseService(DSLContext dsl, WorkspaceService workspace, Clock clock) {
        this.dsl = dsl;
        this.workspace = workspace;
        this.clock = clock;
    }

    /** The outcome of creating a survey. */
    public sealed interface Created {
        record Done(Series series, Instant opensAt) implements Created {}

        record Invalid(Map<SeriesDraft.Field, String> problems) implements Created {}

        record NotAllowed() implements Created {}
    }

    /** A run just created, with its series: its audience must now be resolved. */
    public record NewRun(Series series, Run run) {}

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
        long id = dsl.transactionResult(tx -> new PulseRepository(tx.dsl())
                .insertSeries(
                        actor.teamId(),
                        draft.template().orElseThrow().title(),
                        draft,
                        questions,
                        actor.userId(),
                        opensAt,
                        clock.instant()));
        return new Created.Done(
                new PulseRepository(dsl).series(actor.teamId(), id).orElseThrow(), opensAt);
    }

    /**
     * Creates the runs that open within {@link #LEAD}, once each even with several bot instances, and moves each
     * series on to its next opening.
     */
    public List<NewRun> createDueRuns() {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var repository = new PulseRepository(tx.dsl());
            List<NewRun> created = new ArrayList<>();
            for (Series series : repository.dueSeries(now.plus(LEAD))) {
                Optional<ZonedDateTime> opening =
                        repository.nextOpenAt(series.id()).map(at -> at.atZone(series.zone()));
                // Openings whose whole open period passed while the bot was down are skipped, not run late.
                while (opening.isPresent()
                        && !opening.get()
                                .plusDays(series.openDays())
                                .toInstant()
                                .isAfter(now)) {
                    opening = series.recurrence().next(opening.get(), series.time());
                }
                if (opening.isEmpty() || opening.get().toInstant().isAfter(now.plus(LEAD))) {
                    repository.setNextOpenAt(
                            series.id(), opening.map(ZonedDateTime::toInstant).orElse(null));
                    continue;
                }
                var opens = opening.get();
                var opensAt = opens.toInstant();
                var closesAt = opens.plusDays(series.openDays()).toInstant();
                var remindAt = opensAt.plus(
                        Duration.between(opensAt, closesAt).multipliedBy(2).dividedBy(3));
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                long runId = repository.insertRun(series, opensAt, closesAt, remindAt, secret);
                repository.setNextOpenAt(
                        series.id(),
                        series.recurrence()
                                .next(opens, series.time())
                                .map(next -> next.toInstant())
                                .orElse(null));
                created.add(new NewRun(
                        series, repository.run(series.teamId(), runId).orElseThrow()));
            }
            return created;
        });
    }

    /** Open runs whose audience is not fully known yet, with their series. */
    public List<NewRun> unresolvedRuns() {
        var repository = new PulseRepository(dsl);
        return repository.unresolvedRuns().stream()
                .map(run -> new NewRun(
                        repository.series(run.teamId(), run.seriesId()).orElseThrow(), run))
                .toList();
    }

    /** The members of a run already settled: recipients, and those left out as not people to ask. */
    Set<String> settledMembers(long runId) {
        return new PulseRepository(dsl).settledMembers(runId);
    }

    /**
     * Records who a run is for (for DM surveys, when each person's DM is due) and whom Slack said is not someone
     * to ask. The audience is complete once every member was looked up ({@code allLookedUp}: none was left for a
     * later tick) and Slack answered for each ({@code notLookedUp} is empty): until the run opens, members Slack did not answer for are looked up
     * again on the next tick; from then on they are included at the survey's own time rather than dropped.
     */
    public void addAudience(
            NewRun pending,
            Map<String, Optional<Instant>> dueByUser,
            Set<String> excluded,
            List<String> notLookedUp,
            boolean allLookedUp) {
        var run = pending.run();
        var now = clock.instant();
        dsl.transaction(tx -> {
            var repository = new PulseRepository(tx.dsl());
            dueByUser.forEach((userId, due) -> repository.addRecipient(run.id(), userId, due.orElse(null)));
            excluded.forEach(userId -> repository.exclude(run.id(), userId));
            if (allLookedUp && (notLookedUp.isEmpty() || !now.isBefore(run.opensAt()))) {
                Instant due = pending.series().audience().byDm() ? run.opensAt() : null;
                notLookedUp.forEach(userId -> repository.addRecipient(run.id(), userId, due));
                repository.markAudienceResolved(run.id(), now);
            }
        });
    }

    /**
     * Records (or changes) a person's answer to one question. For anonymous surveys the answer carries no user
     * id and no time, only a key that the run's secret links to the person until the run closes.
     */
    public Answered answer(Actor actor, long runId, int position, Integer value, String comment) {
        return dsl.transactionResult(tx -> {
            var repository = new PulseRepository(tx.dsl());
            // A closed run is refused without taking its lock: nothing about a closed run is worth waiting for.
            var seen = repository.run(actor.teamId(), runId);
            var run = seen.isPresent() && !seen.get().closed() ? repository.runForShare(actor.teamId(), runId) : seen;
            if (run.isEmpty()) {
                return new Answered.Refused("That survey no longer exists.");
            }
            var series = repository.series(actor.teamId(), run.get().seriesId()).orElseThrow();
            if (run.get().closed() || !clock.instant().isBefore(run.get().closesAt())) {
                return new Answered.Refused("This survey is closed, so your answer was not recorded.");
            }
            if (!repository.isRecipient(runId, actor.userId())) {
                return new Answered.Refused("This survey is for another group of people, and you're not in it, so"
                        + " nothing was recorded.");
            }
            var question = series.questions().stream()
                    .filter(q -> q.position() == position)
                    .findFirst();
            boolean valid = question.isPresent()
                    && (question.get().kind() == Question.Kind.COMMENT
                            ? comment != null && !comment.isBlank()
                            : value != null && question.get().accepts(value));
            if (!valid) {
                return new Answered.Refused("That is not an answer to this question; nothing was recorded.");
            }
            var secret = repository.secret(runId).orElseThrow();
            String key = series.anonymous() ? hmac(secret, actor.userId()) : "user:" + actor.userId();
            boolean changed =
                    repository.answer(runId, position, key, series.anonymous() ? null : actor.userId(), value, comment);
            repository.participate(runId, actor.userId());
            return new Answered.Recorded(
                    run.get(), series, changed, repository.respondents(runId), repository.audience(runId));
        });
    }

    /** Closes every run past its deadline (once, also after downtime) and makes its answers unlinkable. */
    public List<Long> closeDue() {
        return close(null);
    }

    /** Closes a run now (admins and leaders); empty when it was closed already. */
    public Optional<Long> closeNow(Actor actor, long runId) {
        if (!canRun(actor.teamId(), actor.userId())
                || new PulseRepository(dsl).run(actor.teamId(), runId).isEmpty()) {
            return Optional.empty();
        }
        return close(runId).stream().findFirst();
    }

    /**
     * Closes in one transaction: the answers made unlinkable, and what the run would still send as if open (its survey,
     * DMs and reminders not sent yet) withdrawn from the outbox. Its announcement follows ({@link PulseSender}).
     */
    private List<Long> close(Long onlyRun) {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var repository = new PulseRepository(tx.dsl());
            var closed = repository.close(now, onlyRun);
            closed.forEach(run -> {
                repository.anonymise(run.id());
                PulseOutbox.withdraw(tx.dsl(), run.teamId(), run.id(), now);
            });
            return closed.stream().map(PulseRepository.Closed::id).toList();
        });
    }

    /** Pauses or resumes a recurring series (admins and leaders); false when not allowed or unknown. */
    public boolean setPaused(Actor actor, long seriesId, boolean paused) {
        var repository = new PulseRepository(dsl);
        if (!canRun(actor.teamId(), actor.userId())
                || repository.series(actor.teamId(), seriesId).isEmpty()) {
            return false;
        }
        repository.setPaused(seriesId, paused);
        if (!paused) {
            // Openings missed while paused are skipped, not sent late.
            var series = repository.series(actor.teamId(), seriesId).orElseThrow();
            var next = repository.nextOpenAt(seriesId);
            while (next.isPresent() && next.get().isBefore(clock.instant())) {
                next = series.recurrence()
                        .next(next.get().atZone(series.zone()), series.time())
                        .map(t -> t.toInstant());
            }
            repository.setNextOpenAt(seriesId, next.orElse(null));
        }
        return true;
    }

    /** Whether the stored user groups of the workspace are missing or older than {@code fresh}. */
    boolean usergroupsStale(String teamId, Duration fresh) {
        return new PulseRepository(dsl)
                .usergroupsLoadedAt(teamId)
                .map(loadedAt -> loadedAt.isBefore(clock.instant().minus(fresh)))
                .orElse(true);
    }

    void saveUsergroups(String teamId, Map<String, String> idsByHandle) {
        dsl.transaction(tx -> new PulseRepository(tx.dsl()).replaceUsergroups(teamId, idsByHandle, clock.instant()));
    }

    /** The workspace's user group ids by lower-case handle, or empty when they were never loaded. */
    Optional<Map<String, String>> usergroups(String teamId) {
        return dsl.transactionResult(tx -> new PulseRepository(tx.dsl()).usergroups(teamId));
    }

    public Optional<Series> series(String teamId, long seriesId) {
        return new PulseRepository(dsl).series(teamId, seriesId);
    }

    public List<Series> list(String teamId) {
        return new PulseRepository(dsl).seriesOf(teamId);
    }

    /** What {@code /pulse list} shows: the latest series and their runs, in two queries. */
    List<PulseListing.Listed> listing(String teamId) {
        return PulseListing.of(dsl, teamId);
    }

    public List<Run> runs(long seriesId) {
        return new PulseRepository(dsl).runsOf(seriesId);
    }

    public Optional<Run> run(String teamId, long runId) {
        return new PulseRepository(dsl).run(teamId, runId);
    }

    public int respondents(long runId) {
        return new PulseRepository(dsl).respondents(runId);
    }

    public int audience(long runId) {
        return new PulseRepository(dsl).audience(runId);
    }

    /** What {@code /pulse results} shows someone: the results, or why not. */
    public sealed interface ResultsFor {
        record Shown(Results results) implements ResultsFor {}

        record Refused(String reason) implements ResultsFor {}
    }

    /**
     * A run's results for one person: only once the run is closed (live tallies would let anyone diff results
     * around a click), and for DM surveys only for the creator, leaders and admins (channel surveys post them in
     * the channel anyway).
     */
    public ResultsFor resultsFor(Actor actor, long runId) {
        var run = new PulseRepository(dsl).run(actor.teamId(), runId);
        if (run.isEmpty()) {
            return new ResultsFor.Refused("There is no survey run #" + runId + ".");
        }
        if (!run.get().closed()) {
            return new ResultsFor.Refused("Survey run #" + runId + " is still open: its results are shown once it"
                    + " closes, so that nobody can tell answers apart by when they came in.");
        }
        var series = new PulseRepository(dsl)
                .series(actor.teamId(), run.get().seriesId())
                .orElseThrow();
        if (series.audience().byDm()
                && !series.createdBy().equals(actor.userId())
                && !canRun(actor.teamId(), actor.userId())) {
            return new ResultsFor.Refused(
                    "The results of survey run #" + runId + " go to its creator, the leaders and the admins.");
        }
        return new ResultsFor.Shown(results(actor.teamId(), runId).orElseThrow());
    }

    /** A run's results, with the previous run of the series for comparison. */
    public Optional<Results> results(String teamId, long runId) {
        return PulseResults.of(new PulseRepository(dsl), teamId, runId);
    }

    /** Every closed run of the series' results, oldest first: the history the digest draws trends from. */
    public List<Results> history(String teamId, long seriesId) {
        var repository = new PulseRepository(dsl);
        var runs = repository.runsOf(seriesId).stream().filter(Run::closed).toList();
        if (runs.isEmpty() || repository.series(teamId, seriesId).isEmpty()) {
            return List.of();
        }
        return PulseResults.compute(
                        repository, teamId, runs, runs.stream().map(Run::id).collect(Collectors.toSet()))
                .stream()
                .map(PulseResults.Computed::results)
                .toList();
    }

    /**
     * The pulse figures known at {@code asOf} for the digest: the runs closed by then (the latest 40) that met their
     * minimum group size, oldest first; eNPS and belief only from questions that met it too. A handful of queries
     * whatever the number of runs, and no comments read.
     */
    public PulseSummary summary(String teamId, Instant asOf) {
        var repository = new PulseRepository(dsl);
        var runs = repository.closedRunsBefore(teamId, asOf, 40);
        List<PulseSummary.Point> points = new ArrayList<>();
        for (var computed : PulseResults.compute(repository, teamId, runs, Set.of())) {
            var results = computed.results();
            if (results.enough()) {
                points.add(new PulseSummary.Point(
                        results.run().closesAt(), results.enps(), results.belief(), results.responseRate()));
            }
        }
        return new PulseSummary(points);
    }

    private static String hmac(byte[] secret, String userId) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
