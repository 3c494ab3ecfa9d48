package lodestar.pulse;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import lodestar.slack.SlackApi;

/**
 * The workspace's user groups by handle, loaded after {@code /pulse new} is acked, so that reading the survey form
 * (which must be answered within Slack's 3 seconds) needs no Web API call.
 */
final class Usergroups {
    private final SlackApi slack;
    private final Map<String, Map<String, String>> idsByTeam = new ConcurrentHashMap<>();

    Usergroups(SlackApi slack) {
        this.slack = slack;
    }

    /** Loads the user groups again (usergroups.list); keeps the previous list when Slack does not answer. */
    void refresh(String teamId) {
        slack.call("usergroups.list", client -> client.usergroupsList(r -> r))
                .ifPresent(response -> idsByTeam.put(
                        teamId,
                        response.getUsergroups().stream()
                                .collect(Collectors.toMap(
                                        group -> group.getHandle().toLowerCase(Locale.ROOT),
                                        group -> group.getId(),
                                        (first, second) -> first))));
    }

    /** The handles known for the workspace, or empty when they have not been loaded yet. */
    Optional<Map<String, String>> known(String teamId) {
        return Optional.ofNullable(idsByTeam.get(teamId));
    }
}
