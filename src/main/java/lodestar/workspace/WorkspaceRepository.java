package lodestar.workspace;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.CX_VALUE;
import static lodestar.db.schema.Tables.WORKSPACE;
import static lodestar.db.schema.Tables.WORKSPACE_MEMBER;
import static lodestar.db.schema.Tables.WORKSPACE_ROLE;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** The workspace tables. Runs in the caller's transaction. */
final class WorkspaceRepository {
    private final DSLContext dsl;

    WorkspaceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Creates the workspace row if missing; true when it was created now. An enterprise id learnt later (the
     * first contact may not have carried one) is kept; one already known is never replaced.
     */
    boolean createIfMissing(String teamId, String enterpriseId) {
        boolean created = dsl.insertInto(WORKSPACE, WORKSPACE.TEAM_ID, WORKSPACE.ENTERPRISE_ID)
                        .values(teamId, enterpriseId)
                        .onConflictDoNothing()
                        .execute()
                == 1;
        if (!created && enterpriseId != null) {
            dsl.update(WORKSPACE)
                    .set(WORKSPACE.ENTERPRISE_ID, enterpriseId)
                    .where(WORKSPACE.TEAM_ID.eq(teamId), WORKSPACE.ENTERPRISE_ID.isNull())
                    .execute();
        }
        return created;
    }

    /** True when the workspace is recorded, with its enterprise when {@code enterpriseId} is given. */
    boolean recorded(String teamId, String enterpriseId) {
        var condition = WORKSPACE.TEAM_ID.eq(teamId);
        return dsl.fetchExists(
                WORKSPACE, enterpriseId == null ? condition : condition.and(WORKSPACE.ENTERPRISE_ID.isNotNull()));
    }

    boolean exists(String teamId) {
        return dsl.fetchExists(WORKSPACE, WORKSPACE.TEAM_ID.eq(teamId));
    }

    /** Locks the workspace row, so that changes to one workspace's settings happen one at a time. */
    void lock(String teamId) {
        dsl.selectOne()
                .from(WORKSPACE)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .forUpdate()
                .execute();
    }

    Settings settings(String teamId) {
        return settingsIfKnown(teamId, null).orElseThrow(() -> new IllegalStateException("No workspace " + teamId));
    }

    /**
     * The workspace's settings, or empty when it is not recorded yet, or recorded without the enterprise that
     * {@code enterpriseId} (when not null) now names.
     */
    Optional<Settings> settingsIfKnown(String teamId, String enterpriseId) {
        // One round trip: every command reads the settings.
        var row = dsl.select(
                        WORKSPACE,
                        DSL.multiset(DSL.select(CX_VALUE.NAME, CX_VALUE.DESCRIPTION)
                                        .from(CX_VALUE)
                                        .where(CX_VALUE.TEAM_ID.eq(WORKSPACE.TEAM_ID))
                                        .orderBy(CX_VALUE.ID))
                                .convertFrom(values -> values.map(Records.mapping(CxValue::new))),
                        holders(Role.LEADER),
                        holders(Role.ADMIN))
                .from(WORKSPACE)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        var workspace = row.value1();
        if (enterpriseId != null && workspace.getEnterpriseId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Settings(
                Optional.ofNullable(workspace.getMission()),
                row.value2(),
                List.of(row.value3()),
                List.of(row.value4()),
                Optional.ofNullable(workspace.getKudosChannelId()),
                new Allowance(
                        workspace.getKudosAllowance(),
                        Allowance.Period.valueOf(
                                workspace.getKudosAllowancePeriod().toUpperCase(Locale.ROOT))),
                workspace.getLeaderboardEnabled(),
                new DigestSchedule(
                        java.time.DayOfWeek.valueOf(workspace.getDigestDay()),
                        workspace.getDigestTime(),
                        java.time.ZoneId.of(workspace.getDigestZone())),
                Optional.ofNullable(workspace.getDigestChannelId())));
    }

    /** The workspace's holders of {@code role}, in the order they were added, as a column of its row. */
    private static org.jooq.Field<String[]> holders(Role role) {
        return DSL.array(DSL.select(WORKSPACE_ROLE.USER_ID)
                .from(WORKSPACE_ROLE)
                .where(WORKSPACE_ROLE.TEAM_ID.eq(WORKSPACE.TEAM_ID))
                .and(WORKSPACE_ROLE.ROLE.eq(role.code()))
                .orderBy(WORKSPACE_ROLE.ADDED_AT, WORKSPACE_ROLE.USER_ID));
    }

    void setDigestSchedule(String teamId, DigestSchedule schedule) {
        dsl.update(WORKSPACE)
                .set(WORKSPACE.DIGEST_DAY, schedule.day().name())
                .set(WORKSPACE.DIGEST_TIME, schedule.time())
                .set(WORKSPACE.DIGEST_ZONE, schedule.channelZone().getId())
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .execute();
    }

    void setDigestChannel(String teamId, String channelId) {
        dsl.update(WORKSPACE)
                .set(WORKSPACE.DIGEST_CHANNEL_ID, channelId)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .execute();
    }

    List<String> teams() {
        return dsl.select(WORKSPACE.TEAM_ID)
                .from(WORKSPACE)
                .orderBy(WORKSPACE.TEAM_ID)
                .fetch(WORKSPACE.TEAM_ID);
    }

    List<RoleHolder> holders(String teamId, Role role) {
        return dsl.select(WORKSPACE_ROLE.USER_ID, WORKSPACE_ROLE.ADDED_AT)
                .from(WORKSPACE_ROLE)
                .where(WORKSPACE_ROLE.TEAM_ID.eq(teamId))
                .and(WORKSPACE_ROLE.ROLE.eq(role.code()))
                .orderBy(WORKSPACE_ROLE.ADDED_AT, WORKSPACE_ROLE.USER_ID)
                .fetch(r -> new RoleHolder(r.value1(), r.value2().toInstant()));
    }

    /** Replaces the cached active members of the workspace. */
    void replaceMembers(String teamId, java.util.Collection<String> userIds, Instant now) {
        lock(teamId); // two instances refreshing at once take turns
        dsl.deleteFrom(WORKSPACE_MEMBER)
                .where(WORKSPACE_MEMBER.TEAM_ID.eq(teamId))
                .execute();
        var batch = new ArrayList<org.jooq.Query>();
        for (String userId : userIds) {
            batch.add(dsl.insertInto(
                            WORKSPACE_MEMBER,
                            WORKSPACE_MEMBER.TEAM_ID,
                            WORKSPACE_MEMBER.USER_ID,
                            WORKSPACE_MEMBER.REFRESHED_AT)
                    .values(teamId, userId, utc(now))
                    .onConflictDoNothing());
        }
        dsl.batch(batch).execute();
    }

    java.util.Set<String> members(String teamId) {
        return new java.util.HashSet<>(dsl.select(WORKSPACE_MEMBER.USER_ID)
                .from(WORKSPACE_MEMBER)
                .where(WORKSPACE_MEMBER.TEAM_ID.eq(teamId))
                .fetch(WORKSPACE_MEMBER.USER_ID));
    }

    void setKudosChannel(String teamId, String channelId) {
        dsl.update(WORKSPACE)
                .set(WORKSPACE.KUDOS_CHANNEL_ID, channelId)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .execute();
    }

    void setAllowance(String teamId, Allowance allowance) {
        dsl.update(WORKSPACE)
                .set(WORKSPACE.KUDOS_ALLOWANCE, allowance.count())
                .set(WORKSPACE.KUDOS_ALLOWANCE_PERIOD, allowance.period().label())
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .execute();
    }

    void setLeaderboard(String teamId, boolean enabled) {
        dsl.update(WORKSPACE)
                .set(WORKSPACE.LEADERBOARD_ENABLED, enabled)
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .execute();
    }

    void setMission(String teamId, String mission, Instant now) {
        dsl.update(WORKSPACE)
                .set(WORKSPACE.MISSION, mission)
                .set(WORKSPACE.UPDATED_AT, utc(now))
                .where(WORKSPACE.TEAM_ID.eq(teamId))
                .execute();
    }

    List<CxValue> values(String teamId) {
        return dsl.select(CX_VALUE.NAME, CX_VALUE.DESCRIPTION)
                .from(CX_VALUE)
                .where(CX_VALUE.TEAM_ID.eq(teamId))
                .orderBy(CX_VALUE.ID)
                .fetch(Records.mapping(CxValue::new));
    }

    /** Adds the value unless one of that name, in any case, exists; true when added. */
    boolean addValue(String teamId, CxValue value) {
        return dsl.insertInto(CX_VALUE, CX_VALUE.TEAM_ID, CX_VALUE.NAME, CX_VALUE.DESCRIPTION)
                        .values(teamId, value.name(), value.description())
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    void addValues(String teamId, Collection<CxValue> values) {
        var insert = dsl.insertInto(CX_VALUE, CX_VALUE.TEAM_ID, CX_VALUE.NAME, CX_VALUE.DESCRIPTION);
        for (CxValue value : values) {
            insert = insert.values(teamId, value.name(), value.description());
        }
        insert.execute();
    }

    boolean removeValue(String teamId, String name) {
        return dsl.deleteFrom(CX_VALUE)
                        .where(CX_VALUE.TEAM_ID.eq(teamId))
                        .and(DSL.lower(CX_VALUE.NAME).eq(name.toLowerCase(Locale.ROOT)))
                        .execute()
                == 1;
    }

    List<String> members(String teamId, Role role) {
        return dsl.select(WORKSPACE_ROLE.USER_ID)
                .from(WORKSPACE_ROLE)
                .where(WORKSPACE_ROLE.TEAM_ID.eq(teamId))
                .and(WORKSPACE_ROLE.ROLE.eq(role.code()))
                .orderBy(WORKSPACE_ROLE.ADDED_AT, WORKSPACE_ROLE.USER_ID)
                .fetch(WORKSPACE_ROLE.USER_ID);
    }

    boolean hasRole(String teamId, Role role, String userId) {
        return dsl.fetchExists(
                WORKSPACE_ROLE,
                WORKSPACE_ROLE.TEAM_ID.eq(teamId),
                WORKSPACE_ROLE.ROLE.eq(role.code()),
                WORKSPACE_ROLE.USER_ID.eq(userId));
    }

    void addRole(String teamId, Role role, String userId, String addedBy, Instant now) {
        dsl.insertInto(WORKSPACE_ROLE)
                .set(WORKSPACE_ROLE.TEAM_ID, teamId)
                .set(WORKSPACE_ROLE.ROLE, role.code())
                .set(WORKSPACE_ROLE.USER_ID, userId)
                .set(WORKSPACE_ROLE.ADDED_BY, addedBy)
                .set(WORKSPACE_ROLE.ADDED_AT, utc(now))
                .onConflictDoNothing()
                .execute();
    }

    int removeRole(String teamId, Role role, Collection<String> userIds) {
        return dsl.deleteFrom(WORKSPACE_ROLE)
                .where(WORKSPACE_ROLE.TEAM_ID.eq(teamId))
                .and(WORKSPACE_ROLE.ROLE.eq(role.code()))
                .and(WORKSPACE_ROLE.USER_ID.in(userIds))
                .execute();
    }
}
