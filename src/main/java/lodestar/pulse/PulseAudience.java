package lodestar.pulse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds who a run is for: the members of its channel or user group, with when each one's DM is due. When Slack
 * cannot list the members, nothing is stored and the next tick tries again.
 */
final class PulseAudience {
    private static final Logger log = LoggerFactory.getLogger(PulseAudience.class);

    private final PulseService service;
    private final SlackApi slack;
    private final SlackUsers users;

    PulseAudience(PulseService service, SlackApi slack, SlackUsers users) {
        this.service = service;
        this.slack = slack;
        this.users = users;
    }

    /** Resolves the audience of every run that does not have all of it yet. */
    void resolvePending() {
        for (var pending : service.unresolvedRuns()) {
            resolve(pending);
        }
    }

    private void resolve(PulseService.NewRun pending) {
        var series = pending.series();
        var members = switch (series.audience()) {
            case CHANNEL, DM_CHANNEL -> channelMembers(series.audienceId());
            case DM_USERGROUP ->
                slack.call(
                                "usergroups.users.list",
                                client -> client.usergroupsUsersList(r -> r.usergroup(series.audienceId())))
                        .map(response -> List.copyOf(response.getUsers()));
        };
        if (members.isEmpty()) {
            log.warn(
                    "Pulse run {}: the members of {} could not be listed; retrying",
                    pending.run().id(),
                    series.audienceId());
            return;
        }
        var local = pending.run().opensAt().atZone(series.zone()).toLocalDateTime();
        Map<String, Optional<Instant>> due = new LinkedHashMap<>();
        List<String> notLookedUp = new ArrayList<>();
        for (String member : members.get()) {
            var user = users.find(series.teamId(), member);
            if (user.isEmpty()) {
                notLookedUp.add(member);
            } else if (user.get().isActiveHuman()) {
                due.put(
                        member,
                        series.audience().byDm()
                                ? Optional.of(local.atZone(
                                                user.map(SlackUser::timeZone).orElse(series.zone()))
                                        .toInstant())
                                : Optional.empty());
            }
        }
        service.addAudience(pending, due, notLookedUp);
    }

    /** Every member of the channel, page by page; empty when any page could not be read. */
    private Optional<List<String>> channelMembers(String channelId) {
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
