package lodestar.pulse;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.slack.SlackApi;

/**
 * The workspace's user groups by handle, kept in the database so that reading the survey form (which must be
 * answered within Slack's 3 seconds) needs no Web API call, whichever instance receives it. Loaded again after
 * {@code /pulse new} is acked when older than {@link #FRESH}.
 */
final class Usergroups {
    static final Duration FRESH = Duration.ofMinutes(10);

    private final PulseService service;
    private final SlackApi slack;

    Usergroups(PulseService service, SlackApi slack) {
        this.service = service;
        this.slack = slack;
    }

    /** Loads the user groups again when the stored list is missing or older than {@link #FRESH}. */
    void refreshIfStale(String teamId) {
        if (service.usergroupsStale(teamId, FRESH)) {
            refresh(teamId);
        }
    }

    /** Loads the user groups again (usergroups.list); keeps the previous list when Slack does not answer. */
    void refresh(String teamId) {
        slack.call("usergroups.list", client -> client.usergroupsList(r -> r))
                .ifPresent(response -> service.saveUsergroups(
                        teamId,
                        response.getUsergroups().stream()
                                .collect(Collectors.toMap(
                                        group -> group.getHandle().toLowerCase(Locale.ROOT),
                                        group -> group.getId(),
                                        (first, second) -> first))));
    }

    /** The handles known for the workspace, or empty when they have not been loaded yet. */
    Optional<Map<String, String>> known(String teamId) {
        return service.usergroups(teamId);
    }
}
