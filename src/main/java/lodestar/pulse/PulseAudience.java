package lodestar.pulse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds who a run is for: the members of its channel or user group, with when each one's DM is due. When Slack
 * cannot list the members, nothing is stored and the next tick tries again. Members are looked up at most
 * {@link #LOOKUPS_PER_TICK} a tick (an audience larger than that lists the workspace's users first, 200 a call, so
 * that it is known in a tick or two), each with one try that never waits out a rate limit: those Slack says are not
 * people to ask (bots, deactivated, or unknown to it, such as external Slack Connect users) are left out for good;
 * those Slack did not answer for are looked up again on a later tick.
 */
final class PulseAudience {
    private static final Logger log = LoggerFactory.getLogger(PulseAudience.class);
    /** About a minute of users.info at Slack's Tier 4 limit. */
    static final int LOOKUPS_PER_TICK = 100;

    private final PulseRuns runs;
    private final SlackApi slack;
    private final SlackUsers users;

    PulseAudience(PulseRuns runs, SlackApi slack, SlackUsers users) {
        this.runs = runs;
        this.slack = slack;
        this.users = users;
    }

    /** Resolves the audience of every run that does not have all of it yet, within this tick's lookups. */
    void resolvePending() {
        int budget = LOOKUPS_PER_TICK;
        for (var pending : runs.unresolvedRuns()) {
            if (budget <= 0) {
                return;
            }
            try {
                budget -= resolve(pending, budget);
            } catch (RuntimeException e) {
                log.error(
                        "Pulse run {}: finding its audience failed; retrying",
                        pending.run().id(),
                        e);
            }
        }
    }

    /** Looks members of the run up within {@code budget} calls to Slack; returns how many calls it made (at least one). */
    private int resolve(PulseRuns.NewRun pending, int budget) {
        var series = pending.series();
        var members = switch (series.audience()) {
            case CHANNEL, DM_CHANNEL -> channelMembers(series.teamId(), series.audienceId());
            case DM_USERGROUP ->
                slack.forTeam(series.teamId())
                        .call(
                                "usergroups.users.list",
                                client -> client.usergroupsUsersList(
                                        r -> r.teamId(series.teamId()).usergroup(series.audienceId())))
                        .map(response -> List.copyOf(response.getUsers()));
        };
        if (members.isEmpty()) {
            log.warn(
                    "Pulse run {}: the members of {} could not be listed; retrying",
                    pending.run().id(),
                    series.audienceId());
            return 0;
        }
        var settled = runs.settledMembers(pending.run().id());
        var unsettled = new LinkedHashSet<>(members.get());
        unsettled.removeAll(settled);
        int calls = 0;
        if (unsettled.size() > budget) {
            // A large audience: listing the workspace's users (one call per 200) makes most of them known at once.
            calls += 1 + users.cacheAll(series.teamId()) / 200;
        }
        int uncachedBudget = Math.max(0, budget - calls);
        List<String> batch = new ArrayList<>();
        for (String member : unsettled) {
            if (users.known(series.teamId(), member)) {
                batch.add(member);
            } else if (uncachedBudget > 0) {
                uncachedBudget--;
                batch.add(member);
            }
        }
        var answers = users.findInTurn(series.teamId(), batch);
        var local = pending.run().opensAt().atZone(series.zone()).toLocalDateTime();
        Map<String, Optional<Instant>> due = new LinkedHashMap<>();
        Set<String> excluded = new LinkedHashSet<>();
        List<String> unanswered = new ArrayList<>();
        for (String member : batch) {
            var answer = answers.get(member);
            if (answer == null) {
                unanswered.add(member);
            } else if (answer.isPresent() && answer.get().isActiveHuman()) {
                due.put(
                        member,
                        series.audience().byDm()
                                ? Optional.of(
                                        local.atZone(answer.get().timeZone()).toInstant())
                                : Optional.empty());
            } else {
                excluded.add(member);
            }
        }
        runs.addAudience(pending, due, excluded, unanswered, batch.size() == unsettled.size());
        return Math.max(1, budget - uncachedBudget);
    }

    /** Every member of the channel, page by page; empty when any page could not be read. */
    private Optional<List<String>> channelMembers(String teamId, String channelId) {
        var slack = this.slack.forTeam(teamId);
        List<String> members = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            var response = slack.call(
                    "conversations.members",
                    client -> client.conversationsMembers(
                            r -> r.channel(channelId).limit(500).cursor(page)));
            if (response.isEmpty()) {
                return Optional.empty();
            }
            members.addAll(response.get().getMembers());
            var next = response.get().getResponseMetadata();
            cursor = next == null
                            || next.getNextCursor() == null
                            || next.getNextCursor().isBlank()
                    ? null
                    : next.getNextCursor();
        } while (cursor != null);
        return Optional.of(members);
    }
}
