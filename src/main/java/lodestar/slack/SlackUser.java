package lodestar.slack;

import java.time.ZoneId;

/**
 * What Lodestar needs to know about a Slack user, from {@code users.info}. {@code name} is how people see
 * them (real name, else handle), for plain-text messages where a mention cannot render.
 */
public record SlackUser(
        String id, boolean isAdmin, boolean isOwner, boolean isBot, boolean deleted, ZoneId timeZone, String name) {

    /** Slack's own workspace admins and owners. */
    public boolean isWorkspaceAdmin() {
        return isAdmin || isOwner;
    }

    /** A person who can give and receive recognition. */
    public boolean isActiveHuman() {
        return !isBot && !deleted && !"USLACKBOT".equals(id);
    }
}
