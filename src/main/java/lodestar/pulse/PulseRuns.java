package lodestar.pulse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.workspace.Actor;
import org.jooq.DSLContext;

/**
 * The life of runs: created ahead of their opening (once, with several instances), their audience recorded, closed
 * at their deadline or on demand. Closing withdraws what the run would still send as if open; counting its answers
 * follows ({@link PulseTally}), then its announcement ({@link PulseSender}).
 */
final class PulseRuns {
    /** Runs are created this long before they open, so that DMs can go out at each person's local time. */
    static final Duration LEAD = Duration.ofHours(26);

    /** A run just created, with its series: its audience must now be resolved. */
    record NewRun(Series series, Run run) {}

    private final DSLContext dsl;
    private final Clock clock;

    PulseRuns(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Creates the runs that open within {@link #LEAD}, once each even with several bot instances, and moves each
     * series on to its next opening.
     */
    List<NewRun> createDueRuns() {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var seriesRepository = new SeriesRepository(tx.dsl());
            var runs = new RunRepository(tx.dsl());
            List<NewRun> created = new ArrayList<>();
            for (Series series : seriesRepository.dueSeries(now.plus(LEAD))) {
                Optional<ZonedDateTime> opening =
                        seriesRepository.nextOpenAt(series.id()).map(at -> at.atZone(series.zone()));
                // Openings whose whole open period passed while the bot was down are skipped, not run late.
                while (opening.isPresent()
                        && !opening.get()
                                .plusDays(series.openDays())
                                .toInstant()
                                .isAfter(now)) {
                    opening = series.recurrence().next(opening.get(), series.time());
                }
                if (opening.isEmpty() || opening.get().toInstant().isAfter(now.plus(LEAD))) {
                    seriesRepository.setNextOpenAt(
                            series.id(), opening.map(ZonedDateTime::toInstant).orElse(null));
                    continue;
                }
                var opens = opening.get();
                var opensAt = opens.toInstant();
                var closesAt = opens.plusDays(series.openDays()).toInstant();
                var remindAt = opensAt.plus(
                        Duration.between(opensAt, closesAt).multipliedBy(2).dividedBy(3));
                long runId = runs.insertRun(series, opensAt, closesAt, remindAt);
                seriesRepository.setNextOpenAt(
                        series.id(),
                        series.recurrence()
                                .next(opens, series.time())
                                .map(next -> next.toInstant())
                                .orElse(null));
                created.add(new NewRun(series, runs.run(series.teamId(), runId).orElseThrow()));
            }
            return created;
        });
    }

    /** Open runs whose audience is not fully known yet, with their series. */
    List<NewRun> unresolvedRuns() {
        var series = new SeriesRepository(dsl);
        return new RunRepository(dsl)
                .unresolvedRuns().stream()
                        .map(run -> new NewRun(
                                series.series(run.teamId(), run.seriesId()).orElseThrow(), run))
                        .toList();
    }

    /** The members of a run already settled: recipients, and those left out as not people to ask. */
    Set<String> settledMembers(long runId) {
        return new RunRepository(dsl).settledMembers(runId);
    }

    /**
     * Records who a run is for (for DM surveys, when each person's DM is due) and whom Slack said is not someone
     * to ask. The audience is complete once every member was looked up ({@code allLookedUp}: none was left for a
     * later tick) and Slack answered for each ({@code notLookedUp} is empty): until the run opens, members Slack did not answer for are looked up
     * again on the next tick; from then on they are included at the survey's own time rather than dropped.
     */
    void addAudience(
            NewRun pending,
            Map<String, Optional<Instant>> dueByUser,
            Set<String> excluded,
            List<String> notLookedUp,
            boolean allLookedUp) {
        var run = pending.run();
        var now = clock.instant();
        dsl.transaction(tx -> {
            var repository = new RunRepository(tx.dsl());
            dueByUser.forEach((userId, due) -> repository.addRecipient(run.id(), userId, due.orElse(null)));
            excluded.forEach(userId -> repository.exclude(run.id(), userId));
            if (allLookedUp && (notLookedUp.isEmpty() || !now.isBefore(run.opensAt()))) {
                Instant due = pending.series().audience().byDm() ? run.opensAt() : null;
                notLookedUp.forEach(userId -> repository.addRecipient(run.id(), userId, due));
                repository.markAudienceResolved(run.id(), now);
            }
        });
    }

    /** Pauses or resumes a recurring series; false when the workspace has no such series. */
    boolean setPaused(Actor actor, long seriesId, boolean paused) {
        var repository = new SeriesRepository(dsl);
        if (repository.series(actor.teamId(), seriesId).isEmpty()) {
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

    /** Closes every run past its deadline, once, also after downtime; returns those this call closed. */
    List<Long> closeDue() {
        return close(null);
    }

    /** Closes the run now; empty when it was closed already. */
    Optional<Long> closeNow(long runId) {
        return close(runId).stream().findFirst();
    }

    private List<Long> close(Long onlyRun) {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var closed = new RunRepository(tx.dsl()).close(now, onlyRun);
            closed.forEach(run -> PulseOutbox.withdraw(tx.dsl(), run.teamId(), run.id(), now));
            return closed.stream().map(RunRepository.Closed::id).toList();
        });
    }
}
