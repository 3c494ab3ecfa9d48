package lodestar.pulse;

import java.util.List;
import java.util.function.LongConsumer;
import lodestar.delivery.Courier;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clockwork of pulse surveys, run every minute by Quartz (on one instance at a time): create and close due runs,
 * find audiences, and hand to the outbox what is due (surveys, DMs, reminders, closed runs' announcements). It makes
 * no Slack call to send anything, so however large a survey, a tick is short; the courier's background senders
 * deliver, at Slack's pace.
 */
final class PulseRunner {
    private static final Logger log = LoggerFactory.getLogger(PulseRunner.class);

    private final PulseService service;
    private final PulseSender sender;
    private final PulseAudience audience;
    private final Courier courier;

    PulseRunner(PulseService service, PulseSender sender, SlackApi slack, SlackUsers users, Courier courier) {
        this.service = service;
        this.sender = sender;
        this.audience = new PulseAudience(service.runs(), slack, users);
        this.courier = courier;
    }

    /**
     * One tick. Closing and announcing come first, so that their messages are ahead of a large audience's DMs in the
     * outbox. Each step, and each run within a step, is on its own: one that fails is logged and retried on the next
     * tick, and the others go on.
     */
    void tick() {
        step("creating due runs", service.runs()::createDueRuns);
        step("closing due runs", service::closeDue);
        step("counting closed runs", service::tallyClosed);
        step("announcing closed runs", sender::announceClosed);
        step(
                "reminding in channels",
                () -> eachRun(
                        "reminding in the channel of run", sender.channelRemindersDue(), sender::remindInChannel));
        step(
                "sending reminders",
                () -> eachRun("sending the reminders of run", sender.runsWithDueReminders(), sender::remindByDm));
        step("finding audiences", audience::resolvePending);
        step("posting channel surveys", () -> eachRun("posting run", sender.surveysDue(), sender::postSurvey));
        step("sending DMs", () -> eachRun("sending the DMs of run", sender.runsWithDueDms(), sender::sendDueDms));
        courier.wake();
    }

    /** Announces the runs closed and not announced yet (e.g. one just closed with {@code /pulse close}). */
    void announceDue() {
        sender.announceClosed();
        courier.wake();
    }

    private static void eachRun(String what, List<Long> runs, LongConsumer step) {
        for (long runId : runs) {
            step(what + " " + runId, () -> step.accept(runId));
        }
    }

    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("Pulse: {} failed; retrying on the next tick", what, e);
        }
    }
}
