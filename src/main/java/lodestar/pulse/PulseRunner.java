package lodestar.pulse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import lodestar.workspace.Role;
import lodestar.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clockwork of pulse surveys, run every minute by Quartz (on one instance at a time): open due runs, post
 * channel surveys, send due DMs paced to Slack's limits, remind, and close runs with their results.
 */
final class PulseRunner {
    private static final Logger log = LoggerFactory.getLogger(PulseRunner.class);
    /** Slack allows about one message a second per conversation; DMs go out no faster. */
    static final Duration DM_PACE = Duration.ofMillis(1100);
    /** At most this many DMs (and as many reminders) a tick: about a minute of sending at {@link #DM_PACE}. */
    static final int DMS_PER_TICK = 50;

    private final PulseService service;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final PulseAudience audience;
    private final SlackApi.Sleeper pacer;

    PulseRunner(
            PulseService service,
            WorkspaceService workspace,
            SlackApi slack,
            SlackUsers users,
            SlackApi.Sleeper pacer) {
        this.service = service;
        this.workspace = workspace;
        this.slack = slack;
        this.audience = new PulseAudience(service, slack, users);
        this.pacer = pacer;
    }

    /**
     * One tick. Closing, announcing and reminding come before looking audiences up and the DM fan-out, and both of
     * those are capped per tick, so that a large audience never holds up a deadline. Each step, and each run within
     * a step, is on its own: one that fails is logged and retried on the next tick, and the others go on.
     */
    void tick() {
        step("creating due runs", service::createDueRuns);
        step("closing due runs", service::closeDue);
        step("announcing closed runs", this::announceDue);
        step("reminding in channels", () -> {
            for (long runId : service.claimChannelReminders()) {
                step("reminding in the channel of run " + runId, () -> remindInChannel(runId));
            }
        });
        step("sending reminders", this::sendDueReminders);
        step("finding audiences", audience::resolvePending);
        step("posting channel surveys", () -> {
            for (Run run : service.channelRunsToPost()) {
                step("posting run " + run.id(), () -> postInChannel(run));
            }
        });
        step("sending DMs", this::sendDueDms);
    }

    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("Pulse: {} failed; retrying on the next tick", what, e);
        }
    }

    private void postInChannel(Run run) {
        var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
        var blocks = PulseMessages.survey(series, run, 0, service.audience(run.id()), false);
        slack.call(
                        "chat.postMessage",
                        client -> client.chatPostMessage(r -> r.channel(series.audienceId())
                                .text(PulseMessages.surveyText(series))
                                .blocks(blocks)))
                .ifPresent(response -> service.setMessage(run.id(), series.audienceId(), response.getTs()));
    }

    /** Sends due DMs one by one, paced; each is claimed first, so a restart never sends a second copy. */
    private void sendDueDms() {
        paced(service.dueDms(DMS_PER_TICK), service::claimDm, service::releaseDm, due -> {
            var run = service.runById(due.runId()).orElseThrow();
            var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
            var blocks = PulseMessages.survey(series, run, 0, 0, false);
            var sent = slack.attempt(
                    "chat.postMessage",
                    client -> client.chatPostMessage(r -> r.channel(due.userId())
                            .text(PulseMessages.surveyText(series))
                            .blocks(blocks.subList(0, blocks.size() - 1))));
            sent.response()
                    .ifPresent(response ->
                            service.setDmMessage(due.runId(), due.userId(), response.getChannel(), response.getTs()));
            return sent;
        });
    }

    /** Reminds, by DM, those who were sent the survey and have not answered; paced and recorded per person. */
    private void sendDueReminders() {
        paced(service.dueReminders(DMS_PER_TICK), service::claimReminder, service::releaseReminder, due -> {
            var run = service.runById(due.runId()).orElseThrow();
            var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
            return slack.attempt(
                    "chat.postMessage",
                    client -> client.chatPostMessage(
                            r -> r.channel(due.userId()).text(PulseMessages.reminderDm(series))));
        });
    }

    /**
     * Sends one DM per person, {@link #DM_PACE} apart. Each is claimed before it is sent, so a restart never sends
     * a second copy; one that failed in a way worth retrying is released for the next tick.
     */
    private void paced(
            List<PulseRepository.DueDm> due,
            BiPredicate<Long, String> claim,
            BiConsumer<Long, String> release,
            Function<PulseRepository.DueDm, SlackApi.Result<?>> send) {
        boolean first = true;
        for (var dm : due) {
            if (!claim.test(dm.runId(), dm.userId())) {
                continue;
            }
            if (!first && !pause()) {
                release.accept(dm.runId(), dm.userId());
                return;
            }
            first = false;
            SlackApi.Result<?> sent;
            try {
                sent = send.apply(dm);
            } catch (RuntimeException e) {
                // Left claimed: whether it went out is unknown, and nobody may get a second copy.
                log.error("Pulse DM to {} for run {} failed", dm.userId(), dm.runId(), e);
                continue;
            }
            if (sent.retryable()) {
                release.accept(dm.runId(), dm.userId());
            } else if (!sent.ok()) {
                log.warn("Pulse DM to {} for run {} not sent: {}", dm.userId(), dm.runId(), sent.error());
            }
        }
    }

    private boolean pause() {
        try {
            pacer.sleep(DM_PACE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A reply in the survey's thread that names nobody. */
    private void remindInChannel(long runId) {
        var run = service.runById(runId).orElseThrow();
        var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
        if (run.messageTs().isPresent() && !service.nonRespondents(runId).isEmpty()) {
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(
                            r -> r.channel(run.channelId().orElseThrow())
                                    .threadTs(run.messageTs().get())
                                    .text(PulseMessages.reminderThread(series))));
        }
    }

    /** Announces the runs closed and not announced yet (e.g. one just closed with {@code /pulse close}). */
    void announceDue() {
        service.announceClosed(this::announceClosed);
    }

    /** Buttons gone from every copy of the survey, and the results where the survey ran. */
    private void announceClosed(long runId) {
        var run = service.runById(runId).orElseThrow();
        var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
        var results = service.results(run.teamId(), runId).orElseThrow();
        var closedBlocks = PulseMessages.survey(series, run, results.respondents(), results.audience(), true);
        if (run.messageTs().isPresent()) {
            slack.call(
                    "chat.update",
                    client -> client.chatUpdate(r -> r.channel(run.channelId().orElseThrow())
                            .ts(run.messageTs().get())
                            .text(PulseMessages.surveyText(series) + " (closed)")
                            .blocks(closedBlocks)));
        }
        for (String[] message : service.dmMessages(runId)) {
            slack.call(
                    "chat.update",
                    client -> client.chatUpdate(r -> r.channel(message[0])
                            .ts(message[1])
                            .text(PulseMessages.surveyText(series) + " (closed)")
                            .blocks(closedBlocks.subList(0, closedBlocks.size() - 1))));
        }
        var resultBlocks = PulseMessages.results(results);
        List<String> destinations = new ArrayList<>();
        if (series.audience().byDm()) {
            destinations.add(series.createdBy());
            workspace.members(series.teamId(), Role.LEADER).stream()
                    .filter(leader -> !destinations.contains(leader))
                    .forEach(destinations::add);
        } else {
            destinations.add(series.audienceId());
        }
        // Each destination once: a post that may succeed later leaves the run to be announced again on the next tick,
        // which posts only where the results are still missing.
        var posted = service.resultsPostedTo(runId);
        List<String> failed = new ArrayList<>();
        for (String destination : destinations) {
            if (posted.contains(destination)) {
                continue;
            }
            var result = slack.attempt(
                    "chat.postMessage",
                    client -> client.chatPostMessage(r -> r.channel(destination)
                            .text(PulseMessages.resultsText(results))
                            .blocks(resultBlocks)));
            if (result.ok() || !result.retryable()) {
                // Refused for good (a channel archived, a leader gone) is logged by SlackApi and not tried again.
                service.resultsPosted(run.teamId(), runId, destination);
            } else {
                failed.add(destination + " (" + result.error() + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("The results of pulse run " + runId + " could not be posted to " + failed);
        }
    }
}
