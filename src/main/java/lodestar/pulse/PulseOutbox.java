package lodestar.pulse;

import com.slack.api.model.block.LayoutBlock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lodestar.delivery.Delivery;
import lodestar.delivery.Message;
import lodestar.delivery.Outbox;
import org.jooq.DSLContext;

/**
 * The messages pulse hands to the outbox. Each kind names its handler ({@link PulseDelivered}); each dedupe key makes
 * its message once-only, however often a tick (on any instance) decides to send it; the subject of each is its run.
 */
final class PulseOutbox {
    static final String SURVEY = "pulse.survey";
    static final String SURVEY_DM = "pulse.dm";
    static final String REMINDER_DM = "pulse.reminder";
    static final String THREAD_REMINDER = "pulse.thread-reminder";
    static final String CLOSED_COPY = "pulse.closed";
    static final String RESULTS = "pulse.results";
    static final String NOTICE = "pulse.notice";

    /** What a run sends only while it is open: withdrawn when it closes before they went out. */
    private static final List<String> WHILE_OPEN = List.of(SURVEY, SURVEY_DM, REMINDER_DM, THREAD_REMINDER);

    /** Where a run's survey copy was posted: its channel and ts. */
    record Copy(String conversation, String ts) {}

    private PulseOutbox() {}

    static Message survey(Series series, Run run, int audience) {
        return Message.post(
                        series.teamId(),
                        SURVEY,
                        "pulse:survey:" + run.id(),
                        series.audienceId(),
                        PulseMessages.surveyText(series))
                .withBlocks(PulseMessages.survey(series, run, 0, audience, false))
                .about(subject(run.id()));
    }

    /** The survey to each person by DM, without the channel's count of answers. */
    static List<Message> surveyDms(Series series, Run run, List<String> userIds) {
        var blocks = PulseMessages.survey(series, run, 0, 0, false);
        var survey = Message.post(
                        series.teamId(),
                        SURVEY_DM,
                        "pulse:dm:" + run.id(),
                        series.createdBy(),
                        PulseMessages.surveyText(series))
                .withBlocks(blocks.subList(0, blocks.size() - 1))
                .about(subject(run.id()));
        return toEach(survey, userIds);
    }

    static List<Message> reminderDms(Series series, Run run, List<String> userIds) {
        var reminder = Message.post(
                        series.teamId(),
                        REMINDER_DM,
                        "pulse:reminder:" + run.id(),
                        series.createdBy(),
                        PulseMessages.reminderDm(series))
                .about(subject(run.id()));
        return toEach(reminder, userIds);
    }

    /** A reply in the survey's thread that names nobody. */
    static Message threadReminder(Series series, Run run, Copy survey) {
        return Message.post(
                        series.teamId(),
                        THREAD_REMINDER,
                        "pulse:thread-reminder:" + run.id(),
                        survey.conversation(),
                        PulseMessages.reminderThread(series))
                .inThread(survey.ts())
                .about(subject(run.id()));
    }

    /** The survey's copy in the channel, closed: buttons gone, and the final count of answers. */
    static Message closedSurvey(Series series, Run run, int respondents, int audience, Copy copy) {
        return closed(series, run, "channel", copy, PulseMessages.survey(series, run, respondents, audience, true));
    }

    /** The survey's copy in each person's DM, closed: buttons gone; rendered once, however many they are. */
    static List<Message> closedDms(Series series, Run run, List<PulseDeliveryRepository.DmCopy> copies) {
        if (copies.isEmpty()) {
            return List.of();
        }
        var blocks = PulseMessages.survey(series, run, 0, 0, true);
        var first = copies.get(0);
        var dm = closed(series, run, first.userId(), first.copy(), blocks.subList(0, blocks.size() - 1));
        return copies.stream()
                .map(copy -> new Message(
                        dm.teamId(),
                        dm.kind(),
                        "pulse:closed:" + run.id() + ":" + copy.userId(),
                        dm.method(),
                        copy.copy().conversation(),
                        dm.text(),
                        dm.blocks(),
                        dm.threadTs(),
                        Optional.of(copy.copy().ts()),
                        dm.unfurl(),
                        dm.subject()))
                .toList();
    }

    private static Message closed(Series series, Run run, String whose, Copy copy, List<LayoutBlock> blocks) {
        return Message.update(
                        series.teamId(),
                        CLOSED_COPY,
                        "pulse:closed:" + run.id() + ":" + whose,
                        copy.conversation(),
                        copy.ts(),
                        PulseMessages.surveyText(series) + " (closed)")
                .withBlocks(blocks)
                .about(subject(run.id()));
    }

    static Message results(Results results, String destination) {
        long runId = results.run().id();
        return Message.post(
                        results.series().teamId(),
                        RESULTS,
                        "pulse:results:" + runId + ":" + destination,
                        destination,
                        ResultsMessages.resultsText(results))
                .withBlocks(ResultsMessages.results(results))
                .about(subject(runId));
    }

    /** A DM to the survey's creator about one of the run's messages ({@code about}) that Slack refused. */
    static Message notice(Series series, long runId, String about, String text) {
        return Message.post(series.teamId(), NOTICE, "pulse:notice:" + runId + ":" + about, series.createdBy(), text)
                .about(subject(runId));
    }

    /**
     * Withdraws, in the closing transaction, what the run would still send as if it were open; and forgets its reminder
     * DMs, whose addressees are who had not answered when they were reminded (with the results, that could tell a small
     * group's answers apart). A reminder a sender is posting right then stays until it is done, then kept as any.
     */
    static void withdraw(DSLContext tx, String teamId, long runId, Instant now) {
        for (String kind : WHILE_OPEN) {
            Outbox.cancelAbout(tx, teamId, kind, subject(runId), now);
        }
        Outbox.forgetAbout(tx, teamId, REMINDER_DM, subject(runId));
    }

    static long runOf(Delivery delivery) {
        return Long.parseLong(delivery.subject().orElseThrow());
    }

    private static String subject(long runId) {
        return String.valueOf(runId);
    }

    /**
     * The message (addressed to anyone) to each person, its dedupe key ending with their id: rendered once, however
     * many they are.
     */
    private static List<Message> toEach(Message message, List<String> userIds) {
        return userIds.stream()
                .map(userId -> new Message(
                        message.teamId(),
                        message.kind(),
                        message.dedupeKey() + ":" + userId,
                        message.method(),
                        userId,
                        message.text(),
                        message.blocks(),
                        message.threadTs(),
                        message.ts(),
                        message.unfurl(),
                        message.subject()))
                .toList();
    }
}
