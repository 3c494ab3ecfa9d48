package lodestar.pulse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUser;
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

    private final PulseService service;
    private final WorkspaceService workspace;
    private final SlackApi slack;
    private final SlackUsers users;
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
        this.users = users;
        this.pacer = pacer;
    }

    void tick() {
        for (var created : service.createDueRuns()) {
            service.addAudience(created.run().id(), audience(created.series(), created.run()));
        }
        for (Run run : service.channelRunsToPost()) {
            postInChannel(run);
        }
        sendDueDms();
        for (long runId : service.claimReminders()) {
            remind(runId);
        }
        for (long runId : service.closeDue()) {
            announceClosed(runId);
        }
    }

    /** Everyone the series is for, with when their DM is due: the opening time, in their own time zone. */
    private Map<String, Optional<Instant>> audience(Series series, Run run) {
        List<String> members = switch (series.audience()) {
            case CHANNEL, DM_CHANNEL -> channelMembers(series.audienceId());
            case DM_USERGROUP ->
                slack.call(
                                "usergroups.users.list",
                                client -> client.usergroupsUsersList(r -> r.usergroup(series.audienceId())))
                        .map(response -> response.getUsers())
                        .orElse(List.of());
        };
        var local = run.opensAt().atZone(series.zone()).toLocalDateTime();
        Map<String, Optional<Instant>> due = new LinkedHashMap<>();
        for (String member : members) {
            var user = users.find(series.teamId(), member);
            if (user.isEmpty() || !user.get().isActiveHuman()) {
                continue;
            }
            due.put(
                    member,
                    series.audience().byDm()
                            ? Optional.of(
                                    local.atZone(user.map(SlackUser::timeZone).orElse(series.zone()))
                                            .toInstant())
                            : Optional.empty());
        }
        return due;
    }

    private List<String> channelMembers(String channelId) {
        List<String> members = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            var response = slack.call(
                    "conversations.members",
                    client -> client.conversationsMembers(
                            r -> r.channel(channelId).limit(500).cursor(page)));
            if (response.isEmpty()) {
                break;
            }
            members.addAll(response.get().getMembers());
            var next = response.get().getResponseMetadata();
            cursor = next == null
                            || next.getNextCursor() == null
                            || next.getNextCursor().isBlank()
                    ? null
                    : next.getNextCursor();
        } while (cursor != null);
        return members;
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
        boolean first = true;
        for (var due : service.dueDms(10_000)) {
            if (!service.claimDm(due.runId(), due.userId())) {
                continue;
            }
            if (!first && !pause()) {
                service.releaseDm(due.runId(), due.userId());
                return;
            }
            first = false;
            var run = service.runById(due.runId()).orElseThrow();
            var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
            var blocks = PulseMessages.survey(series, run, 0, 0, false);
            var sent = slack.attempt(
                    "chat.postMessage",
                    client -> client.chatPostMessage(r -> r.channel(due.userId())
                            .text(PulseMessages.surveyText(series))
                            .blocks(blocks.subList(0, blocks.size() - 1))));
            if (sent.ok()) {
                var response = sent.response().orElseThrow();
                service.setDmMessage(due.runId(), due.userId(), response.getChannel(), response.getTs());
            } else if (retryable(sent.error())) {
                service.releaseDm(due.runId(), due.userId());
            } else {
                log.warn("Pulse DM to {} for run {} not sent: {}", due.userId(), due.runId(), sent.error());
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

    private static boolean retryable(String error) {
        return "ratelimited".equals(error)
                || "unreachable".equals(error)
                || "interrupted".equals(error)
                || (error != null && error.startsWith("http_5"));
    }

    private void remind(long runId) {
        var run = service.runById(runId).orElseThrow();
        var series = service.series(run.teamId(), run.seriesId()).orElseThrow();
        if (series.audience().byDm()) {
            for (String userId : service.nonRespondents(runId)) {
                slack.call(
                        "chat.postMessage",
                        client ->
                                client.chatPostMessage(r -> r.channel(userId).text(PulseMessages.reminderDm(series))));
            }
        } else if (run.messageTs().isPresent() && !service.nonRespondents(runId).isEmpty()) {
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(
                            r -> r.channel(run.channelId().orElseThrow())
                                    .threadTs(run.messageTs().get())
                                    .text(PulseMessages.reminderThread(series))));
        }
    }

    /** Buttons gone from every copy of the survey, and the results where the survey ran. */
    void announceClosed(long runId) {
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
        for (String destination : destinations) {
            slack.call(
                    "chat.postMessage",
                    client -> client.chatPostMessage(r -> r.channel(destination)
                            .text(PulseMessages.resultsText(results))
                            .blocks(resultBlocks)));
        }
    }
}
