package lodestar.workspace;

import java.util.Optional;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import org.jooq.DSLContext;

/**
 * How a change to a workspace's settings is made: refused to someone who may not make it (or whose role Slack could
 * not tell just now), else applied in one transaction that holds the workspace's lock, after which this instance
 * reads the settings afresh.
 */
final class SettingsChanges {
    private final DSLContext dsl;
    private final SlackUsers users;
    private final KnownSettings known;

    SettingsChanges(DSLContext dsl, SlackUsers users, KnownSettings known) {
        this.dsl = dsl;
        this.users = users;
        this.known = known;
    }

    enum Permission {
        GRANTED,
        REFUSED,
        UNKNOWN
    }

    /** Whether the person may change settings; unknown when Slack could not tell their role just now. */
    Permission permission(String teamId, String userId) {
        if (new WorkspaceRepository(dsl).hasRole(teamId, Role.ADMIN, userId)) {
            return Permission.GRANTED;
        }
        return users.answer(teamId, userId)
                .map(user ->
                        user.map(SlackUser::isWorkspaceAdmin).orElse(false) ? Permission.GRANTED : Permission.REFUSED)
                .orElse(Permission.UNKNOWN);
    }

    /** The change for someone who may not make it, or empty when they may. */
    Optional<Change> refusal(Actor actor) {
        return switch (permission(actor.teamId(), actor.userId())) {
            case GRANTED -> Optional.empty();
            case REFUSED -> Optional.of(new Change.NotAllowed());
            case UNKNOWN -> Optional.of(new Change.RoleUnknown());
        };
    }

    interface Edit {
        Change apply(WorkspaceRepository repository);
    }

    Change apply(Actor actor, Edit edit) {
        return refusal(actor).orElseGet(() -> inTransaction(actor, edit));
    }

    Change inTransaction(Actor actor, Edit edit) {
        try {
            return dsl.transactionResult(tx -> {
                var repository = new WorkspaceRepository(tx.dsl());
                WorkspaceService.ensureExists(repository, actor.teamId(), actor.enterpriseId());
                repository.lock(actor.teamId());
                return edit.apply(repository);
            });
        } finally {
            known.forget(actor.teamId()); // read afresh by the next command, here
        }
    }
}
