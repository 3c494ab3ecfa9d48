package lodestar.pulse;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import lodestar.delivery.Courier;
import lodestar.delivery.Delivery;
import lodestar.delivery.Outbox;
import org.jooq.DSLContext;

/**
 * What pulse records when Slack took one of its messages, and whom it tells when Slack refused one for good; each
 * runs in the courier's transaction that records the outcome. A survey's ts is what closing it needs: a copy Slack
 * took after its run closed is closed here, since the announcement could not see it. Refused DMs, reminders and
 * updates tell nobody (the person is gone, or the message was deleted): the courier logs them.
 */
final class PulseDelivered {
    private static final Courier.Handler NOTHING_TO_RECORD = (tx, delivery, conversation, ts) -> {};

    private final Clock clock;

    PulseDelivered(Clock clock) {
        this.clock = clock;
    }

    void register(Courier courier) {
        courier.handle(PulseOutbox.SURVEY, new Courier.Handler() {
            @Override
            public void sent(DSLContext tx, Delivery delivery, String conversation, String ts) {
                surveyPosted(tx, delivery, conversation, ts);
            }

            @Override
            public void refused(DSLContext tx, Delivery delivery, String error) {
                long runId = PulseOutbox.runOf(delivery);
                seriesOf(tx, runId)
                        .ifPresent(series -> tellCreator(
                                tx, series, runId, "survey", PulseMessages.surveyRefused(series, runId, error)));
            }
        });
        courier.handle(PulseOutbox.SURVEY_DM, this::dmSent);
        courier.handle(PulseOutbox.RESULTS, new Courier.Handler() {
            @Override
            public void sent(DSLContext tx, Delivery delivery, String conversation, String ts) {}

            @Override
            public void refused(DSLContext tx, Delivery delivery, String error) {
                // The creator's own copy refused: there is nobody left to tell.
                long runId = PulseOutbox.runOf(delivery);
                String destination = delivery.message().channel();
                seriesOf(tx, runId)
                        .filter(series -> !destination.equals(series.createdBy()))
                        .ifPresent(series -> tellCreator(
                                tx,
                                series,
                                runId,
                                "results:" + destination,
                                PulseMessages.resultsRefused(series, runId, destination, error)));
            }
        });
        courier.handle(PulseOutbox.REMINDER_DM, NOTHING_TO_RECORD);
        courier.handle(PulseOutbox.THREAD_REMINDER, NOTHING_TO_RECORD);
        courier.handle(PulseOutbox.CLOSED_COPY, NOTHING_TO_RECORD);
        courier.handle(PulseOutbox.NOTICE, NOTHING_TO_RECORD);
    }

    private void surveyPosted(DSLContext tx, Delivery delivery, String conversation, String ts) {
        long runId = PulseOutbox.runOf(delivery);
        if (new PulseDeliveryRepository(tx).surveyPosted(runId, conversation, ts)) {
            // Slack took it after the run closed: closed like every copy, as the announcement may have missed it.
            var runs = new RunRepository(tx);
            var run = runs.runById(runId).orElseThrow();
            var closed = PulseOutbox.closedSurvey(
                    seriesOf(tx, runId).orElseThrow(),
                    run,
                    PulseAnswers.respondents(tx, runId),
                    runs.audience(runId),
                    new PulseOutbox.Copy(conversation, ts));
            Outbox.enqueue(tx, closed, clock.instant());
        }
    }

    private void dmSent(DSLContext tx, Delivery delivery, String conversation, String ts) {
        long runId = PulseOutbox.runOf(delivery);
        String userId = delivery.message().channel();
        var deliveries = new PulseDeliveryRepository(tx);
        deliveries.dmSent(runId, userId, conversation, ts);
        if (deliveries.closedForShare(runId)) {
            // Slack took it after the run closed: closed like every copy, as the announcement may have missed it.
            var run = new RunRepository(tx).runById(runId).orElseThrow();
            var copy = new PulseDeliveryRepository.DmCopy(userId, new PulseOutbox.Copy(conversation, ts));
            var closed = PulseOutbox.closedDms(seriesOf(tx, runId).orElseThrow(), run, List.of(copy));
            Outbox.enqueue(tx, closed.get(0), clock.instant());
        }
    }

    private void tellCreator(DSLContext tx, Series series, long runId, String about, String text) {
        Outbox.enqueue(tx, PulseOutbox.notice(series, runId, about, text), clock.instant());
    }

    /** The run's series; none when the workspace's surveys were deleted meanwhile. */
    private static Optional<Series> seriesOf(DSLContext tx, long runId) {
        return new SeriesRepository(tx).ofRun(runId);
    }
}
