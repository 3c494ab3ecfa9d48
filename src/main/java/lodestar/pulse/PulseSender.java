package lodestar.pulse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.delivery.Message;
import lodestar.delivery.Outbox;
import lodestar.workspace.Role;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the clockwork decides to send to the outbox, each in the transaction that records the decision: a
 * message exists exactly when its cause does, and a tick on another instance, or the same tick again, adds nothing.
 * Nothing here calls Slack, so a survey to thousands is enqueued in a few statements; the courier delivers it at
 * Slack's pace, and {@link PulseDelivered} records what Slack took.
 */
final class PulseSender {
    private static final Logger log = LoggerFactory.getLogger(PulseSender.class);

    private final DSLContext dsl;
    private final WorkspaceService workspace;
    private final Clock clock;
    private final PulseAnswers answers;

    PulseSender(DSLContext dsl, WorkspaceService workspace, Clock clock, PulseAnswers answers) {
        this.dsl = dsl;
        this.answers = answers;
        this.workspace = workspace;
        this.clock = clock;
    }

    List<Long> surveysDue() {
        return new PulseDeliveryRepository(dsl).channelRunsToPost(clock.instant());
    }

    /** The survey of a channel run that has opened, with its audience known, once. */
    void postSurvey(long runId) {
        var now = clock.instant();
        dsl.transaction(tx -> {
            var runs = new RunRepository(tx.dsl());
            var run = runs.runById(runId).orElseThrow();
            var series = new SeriesRepository(tx.dsl()).ofRun(runId).orElseThrow();
            if (new PulseDeliveryRepository(tx.dsl()).surveyEnqueued(runId, series.audienceId())) {
                Outbox.enqueue(tx.dsl(), PulseOutbox.survey(series, run, runs.audience(runId)), now);
            }
        });
    }

    List<Long> runsWithDueDms() {
        return new PulseDeliveryRepository(dsl).runsWithDueDms(clock.instant());
    }

    /** The survey by DM to each of the run's recipients whose local opening time has come; returns how many. */
    int sendDueDms(long runId) {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var deliveries = new PulseDeliveryRepository(tx.dsl());
            if (deliveries.closedForShare(runId)) {
                return 0;
            }
            var due = deliveries.dueDmsEnqueued(runId, now);
            if (due.isEmpty()) {
                return 0;
            }
            var run = new RunRepository(tx.dsl()).runById(runId).orElseThrow();
            var series = new SeriesRepository(tx.dsl()).ofRun(runId).orElseThrow();
            return Outbox.enqueueAll(tx.dsl(), PulseOutbox.surveyDms(series, run, due), now);
        });
    }

    List<Long> runsWithDueReminders() {
        return new PulseDeliveryRepository(dsl).runsWithDueReminders(clock.instant());
    }

    /** A reminder by DM to each recipient sent the survey who has not answered; returns how many. */
    int remindByDm(long runId) {
        var now = clock.instant();
        return dsl.transactionResult(tx -> {
            var deliveries = new PulseDeliveryRepository(tx.dsl());
            if (deliveries.closedForShare(runId)) {
                return 0;
            }
            var run = new RunRepository(tx.dsl()).runById(runId).orElseThrow();
            var due = answers.notAnswered(tx.dsl(), run.teamId(), runId, deliveries.dueRemindersEnqueued(runId, now));
            if (due.isEmpty()) {
                return 0;
            }
            var series = new SeriesRepository(tx.dsl()).ofRun(runId).orElseThrow();
            return Outbox.enqueueAll(tx.dsl(), PulseOutbox.reminderDms(series, run, due), now);
        });
    }

    List<Long> channelRemindersDue() {
        return new PulseDeliveryRepository(dsl).channelRemindersDue(clock.instant());
    }

    /** A reply in the channel survey's thread, once, when someone has not answered yet. */
    void remindInChannel(long runId) {
        var now = clock.instant();
        dsl.transaction(tx -> {
            var runs = new RunRepository(tx.dsl());
            var run = runs.runById(runId).orElseThrow();
            if (!new PulseDeliveryRepository(tx.dsl()).channelReminderEnqueued(runId, now)
                    || answers.notAnswered(tx.dsl(), run.teamId(), runId, runs.recipients(runId))
                            .isEmpty()) {
                return;
            }
            var series = new SeriesRepository(tx.dsl()).ofRun(runId).orElseThrow();
            var survey = new PulseOutbox.Copy(
                    run.channelId().orElseThrow(), run.messageTs().orElseThrow());
            Outbox.enqueue(tx.dsl(), PulseOutbox.threadReminder(series, run, survey), now);
        });
    }

    /**
     * Announces every closed run not announced yet, each in one transaction that enqueues its results and the closing
     * of every copy of its survey, and marks it announced; returns the runs announced. The results come first, so that
     * they go out before thousands of DM copies are updated. A run whose announcement fails is left for the next tick
     * and does not hold back the others.
     */
    List<Long> announceClosed() {
        List<Long> tried = new ArrayList<>();
        List<Long> announced = new ArrayList<>();
        while (true) {
            int before = tried.size();
            Optional<Long> next;
            try {
                next = dsl.transactionResult(tx -> {
                    var deliveries = new PulseDeliveryRepository(tx.dsl());
                    var runId = deliveries.nextToAnnounce(tried);
                    if (runId.isPresent()) {
                        tried.add(runId.get());
                        announce(tx.dsl(), runId.get());
                        deliveries.announced(runId.get(), clock.instant());
                    }
                    return runId;
                });
            } catch (RuntimeException e) {
                if (tried.size() == before) {
                    throw e; // no run to blame: the database, most likely
                }
                log.error(
                        "Announcing closed pulse run {} failed; retrying on the next tick",
                        tried.get(tried.size() - 1),
                        e);
                continue;
            }
            if (next.isEmpty()) {
                return announced;
            }
            announced.add(next.get());
        }
    }

    private void announce(DSLContext tx, long runId) {
        var run = new RunRepository(tx).runById(runId).orElseThrow();
        var series = new SeriesRepository(tx).ofRun(runId).orElseThrow();
        var results = PulseResults.of(tx, run.teamId(), runId).orElseThrow();
        List<Message> messages = new ArrayList<>();
        for (String destination : destinations(series)) {
            messages.add(PulseOutbox.results(results, destination));
        }
        if (run.messageTs().isPresent()) {
            var survey = new PulseOutbox.Copy(
                    run.channelId().orElseThrow(), run.messageTs().get());
            messages.add(PulseOutbox.closedSurvey(series, run, results.respondents(), results.audience(), survey));
        }
        messages.addAll(PulseOutbox.closedDms(series, run, new PulseDeliveryRepository(tx).dmCopies(runId)));
        Outbox.enqueueAll(tx, messages, clock.instant());
    }

    /** Where the results go: the channel the survey ran in, or for DM surveys its creator and the leaders. */
    private List<String> destinations(Series series) {
        if (!series.audience().byDm()) {
            return List.of(series.audienceId());
        }
        List<String> destinations = new ArrayList<>();
        destinations.add(series.createdBy());
        workspace.members(series.teamId(), Role.LEADER).stream()
                .filter(leader -> !destinations.contains(leader))
                .forEach(destinations::add);
        return destinations;
    }
}
