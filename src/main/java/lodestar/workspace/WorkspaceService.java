package lodestar.workspace;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import lodestar.slack.SlackText;
import lodestar.slack.SlackUser;
import lodestar.slack.SlackUsers;
import org.jooq.DSLContext;

/**
 * A workspace's CX settings (mission, values, leaders, admins) and who may change them. How a change is refused or
 * made, in a transaction that holds the workspace's lock, is {@link SettingsChanges}.
 */
public final class WorkspaceService {
    public static final int MISSION_LIMIT = 500;
    public static final int VALUE_LIMIT = 20;

    /** A new workspace's CX values, until its admins replace them. */
    public static final List<CxValue> STARTER_VALUES = List.of(
            new CxValue("customer-first", "Start with what the customer needs, not what is convenient for us."),
            new CxValue("ownership", "Own the problem until the customer is whole; no hand-offs into the void."),
            new CxValue("empathy", "Listen first; understand how the customer feels, not just what they said."),
            new CxValue("fix-the-root", "Fix the cause, not just the symptom, so no other customer hits it."),
            new CxValue("go-the-extra-mile", "Do the unexpected thing that turns a bad day into a good one."));

    private final DSLContext dsl;
    private final SlackUsers users;
    private final Clock clock;
    private final KnownSettings known;
    private final SettingsChanges changes;

    public WorkspaceService(DSLContext dsl, SlackUsers users, Clock clock) {
        this.dsl = dsl;
        this.users = users;
        this.clock = clock;
        this.known = new KnownSettings(dsl);
        this.changes = new SettingsChanges(dsl, users, known);
    }

    /** The workspace's settings; a workspace seen for the first time starts with the starter values. */
    public Settings settings(String teamId, String enterpriseId) {
        return known.get(teamId, enterpriseId);
    }

    /** Forgets the settings this instance read: for when the database was changed by other means (tests). */
    public void forgetSettings() {
        known.forgetAll();
    }

    /**
     * Records a workspace the bot serves (its starter values included) if it is new, so that tools such as the quote
     * import know it before anyone has changed a setting.
     */
    public void record(String teamId, String enterpriseId) {
        // A plain read first: nearly every request comes from a workspace recorded already, with nothing to add.
        if (new WorkspaceRepository(dsl).recorded(teamId, enterpriseId)) {
            return;
        }
        dsl.transaction(tx -> ensureExists(new WorkspaceRepository(tx.dsl()), teamId, enterpriseId));
    }

    /** True when the workspace has used Lodestar. */
    public boolean exists(String teamId) {
        return new WorkspaceRepository(dsl).exists(teamId);
    }

    /** The workspace's CX values, in the order they were added. */
    public List<CxValue> values(String teamId) {
        return settings(teamId, null).values();
    }

    /** The people who hold the role. */
    public List<String> members(String teamId, Role role) {
        return new WorkspaceRepository(dsl).members(teamId, role);
    }

    /** True for Lodestar admins and Slack's workspace admins and owners. */
    public boolean canManage(String teamId, String userId) {
        return changes.permission(teamId, userId) == SettingsChanges.Permission.GRANTED;
    }

    /** True for leaders set with {@code /cx leaders}. */
    public boolean isLeader(String teamId, String userId) {
        return new WorkspaceRepository(dsl).hasRole(teamId, Role.LEADER, userId);
    }

    /** Sets the CX mission statement (Slack mrkdwn as typed). */
    public Change setMission(Actor actor, String mission) {
        String text = mission.strip();
        if (text.isEmpty()) {
            return new Change.Invalid("Write the mission after the command, e.g. `/cx mission We exist so that…`.");
        }
        // Counted as the reader sees it: Slack sends "&" as "&amp;", a mention with its id.
        int length = SlackText.plain(text).length();
        if (length > MISSION_LIMIT) {
            return new Change.Invalid("The mission can be at most " + MISSION_LIMIT + " characters (this one has "
                    + length + "). Keep it short enough to remember.");
        }
        if (SlackText.hasBroadcastMention(text)) {
            return new Change.Invalid("The mission can't mention @channel, @here or @everyone.");
        }
        return changes.apply(actor, repository -> {
            repository.setMission(actor.teamId(), text, clock.instant());
            return new Change.Applied();
        });
    }
    /**
     * Sets the day and time of the weekly digest; leaders get it at that time in their own zone, the leadership
     * channel in the zone of the admin who set it.
     */
    public Change setDigestSchedule(Actor actor, java.time.DayOfWeek day, java.time.LocalTime time) {
        var zone = users.find(actor.teamId(), actor.userId())
                .map(SlackUser::timeZone)
                .orElse(java.time.ZoneOffset.UTC);
        var schedule = new DigestSchedule(day, time, zone);
        return changes.apply(actor, repository -> {
            repository.setDigestSchedule(actor.teamId(), schedule);
            return new Change.Applied();
        });
    }

    /** Sets the leadership channel that also gets the digest (totals only). */
    public Change setDigestChannel(Actor actor, String channelId) {
        return changes.apply(actor, repository -> {
            repository.setDigestChannel(actor.teamId(), channelId);
            return new Change.Applied();
        });
    }

    /** Every workspace that uses Lodestar. */
    public List<String> teams() {
        return new WorkspaceRepository(dsl).teams();
    }

    /** The people who hold the role, and since when. */
    public List<RoleHolder> holders(String teamId, Role role) {
        return new WorkspaceRepository(dsl).holders(teamId, role);
    }

    /** Refreshes the cached active members (non-bot, non-deleted) from Slack's user list. */
    public int refreshMembers(String teamId) {
        var active = users.listAll(teamId).stream()
                .filter(SlackUser::isActiveHuman)
                .map(SlackUser::id)
                .toList();
        if (active.isEmpty()) {
            return 0; // Slack unreachable: keep the last list rather than erase it
        }
        dsl.transaction(tx -> new WorkspaceRepository(tx.dsl()).replaceMembers(teamId, active, clock.instant()));
        return active.size();
    }

    /** The workspace's active members, as last cached (refreshed now if never). */
    public java.util.Set<String> activeMembers(String teamId) {
        var members = new WorkspaceRepository(dsl).members(teamId);
        if (members.isEmpty()) {
            refreshMembers(teamId);
            members = new WorkspaceRepository(dsl).members(teamId);
        }
        return members;
    }

    /** Sets the channel where kudos are posted. */
    public Change setKudosChannel(Actor actor, String channelId) {
        return changes.apply(actor, repository -> {
            repository.setKudosChannel(actor.teamId(), channelId);
            return new Change.Applied();
        });
    }

    /** Sets how many kudos each person may give per day or week. */
    public Change setAllowance(Actor actor, Allowance allowance) {
        return changes.apply(actor, repository -> {
            repository.setAllowance(actor.teamId(), allowance);
            return new Change.Applied();
        });
    }

    /** Turns the people leaderboard of {@code /kudos top} on or off (values are always shown). */
    public Change setLeaderboard(Actor actor, boolean enabled) {
        return changes.apply(actor, repository -> {
            repository.setLeaderboard(actor.teamId(), enabled);
            return new Change.Applied();
        });
    }

    /** Adds a CX value; names are unique whatever their case. */
    public Change addValue(Actor actor, CxValue value) {
        return changes.apply(actor, repository -> {
            if (repository.values(actor.teamId()).size() >= VALUE_LIMIT) {
                return new Change.Invalid("A workspace can have at most " + VALUE_LIMIT
                        + " values; a handful is easier to live by. Remove one first.");
            }
            if (!repository.addValue(actor.teamId(), value)) {
                return new Change.Invalid(value.tag() + " exists already.");
            }
            return new Change.Applied();
        });
    }

    /** Removes a CX value by name, whatever its case. */
    public Change removeValue(Actor actor, String name) {
        String bare = name.strip().replaceFirst("^#", "");
        return changes.apply(
                actor,
                repository -> repository.removeValue(actor.teamId(), bare)
                        ? new Change.Applied()
                        : new Change.Invalid(
                                "There is no value #" + SlackText.echo(bare) + ". See them with `/cx values`."));
    }

    /** Gives people a role; bots and deactivated users are refused. */
    public Change addToRole(Actor actor, Role role, List<String> userIds) {
        var refused = changes.refusal(actor);
        if (refused.isPresent()) {
            return refused.get();
        }
        for (String userId : userIds) {
            var answer = users.answer(actor.teamId(), userId);
            if (answer.isEmpty()) {
                return new Change.Invalid("Slack didn't answer when Lodestar checked <@" + userId
                        + ">; nothing changed. Please try again in a minute.");
            }
            var user = answer.get();
            if (user.isEmpty()) {
                return new Change.Invalid("Slack doesn't know <@" + userId + ">; nothing changed.");
            }
            if (!user.get().isActiveHuman()) {
                return new Change.Invalid("<@" + userId + "> is a bot or deactivated, so can't be one of the "
                        + role.plural() + "; nothing changed.");
            }
        }
        return changes.inTransaction(actor, repository -> {
            for (String userId : new LinkedHashSet<>(userIds)) {
                repository.addRole(actor.teamId(), role, userId, actor.userId(), clock.instant());
            }
            return new Change.Applied();
        });
    }

    /** Takes a role away from people. */
    public Change removeFromRole(Actor actor, Role role, List<String> userIds) {
        return changes.apply(actor, repository -> {
            List<String> missing = new ArrayList<>();
            for (String userId : userIds) {
                if (!repository.hasRole(actor.teamId(), role, userId)) {
                    missing.add("<@" + userId + ">");
                }
            }
            if (!missing.isEmpty()) {
                return new Change.Invalid(String.join(", ", missing) + (missing.size() == 1 ? " is not" : " are not")
                        + " one of the " + role.plural() + "; nothing changed.");
            }
            repository.removeRole(actor.teamId(), role, userIds);
            return new Change.Applied();
        });
    }

    /** The mission, if one was set. */
    public Optional<String> mission(String teamId) {
        return settings(teamId, null).mission();
    }

    static void ensureExists(WorkspaceRepository repository, String teamId, String enterpriseId) {
        if (repository.createIfMissing(teamId, enterpriseId)) {
            repository.addValues(teamId, STARTER_VALUES);
        }
    }
}
