package lodestar.pulse;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.PULSE_USERGROUP;
import static lodestar.db.schema.Tables.PULSE_USERGROUP_LIST;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** The workspace's user groups as last loaded from Slack. Runs in the caller's transaction. */
final class UsergroupRepository {
    private final DSLContext dsl;

    UsergroupRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Instant> usergroupsLoadedAt(String teamId) {
        return dsl.select(PULSE_USERGROUP_LIST.LOADED_AT)
                .from(PULSE_USERGROUP_LIST)
                .where(PULSE_USERGROUP_LIST.TEAM_ID.eq(teamId))
                .fetchOptional(PULSE_USERGROUP_LIST.LOADED_AT)
                .map(OffsetDateTime::toInstant);
    }

    void replaceUsergroups(String teamId, Map<String, String> idsByHandle, Instant now) {
        dsl.insertInto(PULSE_USERGROUP_LIST)
                .set(PULSE_USERGROUP_LIST.TEAM_ID, teamId)
                .set(PULSE_USERGROUP_LIST.LOADED_AT, utc(now))
                .onConflict(PULSE_USERGROUP_LIST.TEAM_ID)
                .doUpdate()
                .set(PULSE_USERGROUP_LIST.LOADED_AT, utc(now))
                .execute();
        dsl.deleteFrom(PULSE_USERGROUP)
                .where(PULSE_USERGROUP.TEAM_ID.eq(teamId))
                .execute();
        idsByHandle.forEach((handle, id) -> dsl.insertInto(PULSE_USERGROUP)
                .set(PULSE_USERGROUP.TEAM_ID, teamId)
                .set(PULSE_USERGROUP.HANDLE, handle)
                .set(PULSE_USERGROUP.USERGROUP_ID, id)
                .execute());
    }

    /** The user group ids by handle, or empty when the workspace's list was never loaded. */
    Optional<Map<String, String>> usergroups(String teamId) {
        if (usergroupsLoadedAt(teamId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dsl.select(PULSE_USERGROUP.HANDLE, PULSE_USERGROUP.USERGROUP_ID)
                .from(PULSE_USERGROUP)
                .where(PULSE_USERGROUP.TEAM_ID.eq(teamId))
                .fetchMap(PULSE_USERGROUP.HANDLE, PULSE_USERGROUP.USERGROUP_ID));
    }
}
