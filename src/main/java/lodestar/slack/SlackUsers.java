package lodestar.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.model.User;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Looks users up with {@code users.info}, cached briefly: roles and time zones change rarely, and
 * Slack rate-limits the method.
 */
public final class SlackUsers {
    private final SlackApi slack;
    private final Cache<String, SlackUser> cache;

    public SlackUsers(SlackApi slack, Duration timeToLive) {
        this.slack = slack;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(timeToLive)
                .maximumSize(50_000)
                .build();
    }
    /** A directory that knows nobody, for command-line tools that run without Slack. */
    public static SlackUsers offline() {
        return new SlackUsers(null, Duration.ZERO);
    }
    /** Every user of the workspace (users.list, page by page), for the active-member count. */
    public java.util.List<SlackUser> listAll() {
        var all = new java.util.ArrayList<SlackUser>();
        if (slack == null) {
            return all;
        }
        String cursor = null;
        do {
            String page = cursor;
            var response = slack.call(
                    "users.list", client -> client.usersList(r -> r.limit(200).cursor(page)));
            if (response.isEmpty()) {
                break;
            }
            response.get().getMembers().forEach(user -> all.add(toSlackUser(user)));
            var meta = response.get().getResponseMetadata();
            cursor = meta == null
                            || meta.getNextCursor() == null
                            || meta.getNextCursor().isBlank()
                    ? null
                    : meta.getNextCursor();
        } while (cursor != null);
        return all;
    }

    /** The user, or empty when Slack could not say (unknown user, Slack unreachable). */
    public Optional<SlackUser> find(String teamId, String userId) {
        var cached = cache.getIfPresent(teamId + ":" + userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (slack == null) {
            return Optional.empty();
        }
        var found = slack.call("users.info", client -> client.usersInfo(r -> r.user(userId)))
                .map(response -> toSlackUser(response.getUser()));
        found.ifPresent(user -> cache.put(teamId + ":" + userId, user));
        return found;
    }

    private static SlackUser toSlackUser(User user) {
        return new SlackUser(
                user.getId(), user.isAdmin(), user.isOwner(), user.isBot(), user.isDeleted(), zone(user.getTz()));
    }

    private static ZoneId zone(String tz) {
        try {
            return tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
