package lodestar.pulse;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lodestar.slack.SlackApi;
import org.jooq.DSLContext;

/**
 * The workspace's user groups by handle, kept in the database so that reading the survey form (which must be
 * answered within Slack's 3 seconds) needs no Web API call, whichever instance receives it. Loaded again after
 * {@code /pulse new} is acked when older than {@link #FRESH}.
 */
final class Usergroups {
    static final Duration FRESH = Duration.ofMinutes(10);

    private final DSLContext dsl;
    private final SlackApi slack;
    private final Clock clock;

    Usergroups(DSLContext dsl, SlackApi slack, Clock clock) {
        this.dsl = dsl;
        this.slack = slack;
        this.clock = clock;
    }

    /** Loads the user groups again when the stored list is missing or older than {@link #FRESH}. */
    void refreshIfStale(String teamId) {
        boolean stale = new UsergroupRepository(dsl)
                .usergroupsLoadedAt(teamId)
                .map(loadedAt -> loadedAt.isBefore(clock.instant().minus(FRESH)))
                .orElse(true);
        if (stale) {
            refresh(teamId);
        }
    }

    /** Loads the user groups again (usergroups.list); keeps the previous list when Slack does not answer. */
    void refresh(String teamId) {
        slack.forTeam(teamId)
                // team_id: an org-wide install's token lists nothing without it; a workspace's token ignores it
                .call("usergroups.list", client -> client.usergroupsList(r -> r.teamId(teamId)))
                .ifPresent(response -> {
                    var idsByHandle = response.getUsergroups().stream()
                            .collect(Collectors.toMap(
                                    group -> group.getHandle().toLowerCase(Locale.ROOT),
                                    group -> group.getId(),
                                    (first, second) -> first));
                    dsl.transaction(tx ->
                            new UsergroupRepository(tx.dsl()).replaceUsergroups(teamId, idsByHandle, clock.instant()));
                });
    }

    /** The handles known for the workspace, or empty when they have not been loaded yet. */
    Optional<Map<String, String>> known(String teamId) {
        return dsl.transactionResult(tx -> new UsergroupRepository(tx.dsl()).usergroups(teamId));
    }
}
