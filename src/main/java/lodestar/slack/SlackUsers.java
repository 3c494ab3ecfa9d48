package lodestar.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks users up with {@code users.info}, cached briefly: roles and time zones change rarely, and
 * Slack rate-limits the method.
 */
public final class SlackUsers implements AutoCloseable {
    /** users.info errors that mean Slack answered: there is no such user (for this bot). */
    private static final Set<String> UNKNOWN_USER = Set.of("user_not_found", "user_not_visible");
    /** users.info errors after which looking further users up now would only fail the same way. */
    private static final Set<String> STOP_LOOKING = Set.of("ratelimited", "http_429", "unreachable");
    /** Enough to look a giver and ten recipients up at once. */
    private static final int LOOKUP_THREADS = 11;

    private final SlackApi slack;
    private final Cache<String, SlackUser> cache;
    private final ExecutorService lookups;

    public SlackUsers(SlackApi slack, Duration timeToLive) {
        this.slack = slack;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(timeToLive)
                .maximumSize(50_000)
                .build();
        var pool = new ThreadPoolExecutor(
                LOOKUP_THREADS, LOOKUP_THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    var thread = new Thread(runnable, "users-info-lookup");
                    thread.setDaemon(true);
                    thread.setPriority(Thread.NORM_PRIORITY);
                    return thread;
                });
        if (slack != null) {
            // Started now, by the thread that wires the app: a request thread may wait on them (a form's lookups
            // before its ack), and a thread started by a worker would keep the worker's lower priority in the
            // operating system, whatever Java is told afterwards.
            pool.prestartAllCoreThreads();
        }
        this.lookups = pool;
    }
    /** Stops the lookup threads; lookups still running are abandoned (their answers would only fill the cache). */
    @Override
    public void close() {
        lookups.shutdownNow();
    }

    /** A directory that knows nobody, for command-line tools that run without Slack. */
    public static SlackUsers offline() {
        return new SlackUsers(null, Duration.ZERO);
    }
    /** Every user of the workspace (users.list, page by page), for the active-member count. */
    public List<SlackUser> listAll(String teamId) {
        var all = new ArrayList<SlackUser>();
        if (slack == null) {
            return all;
        }
        String cursor = null;
        do {
            String page = cursor;
            var response = slack.forTeam(teamId)
                    .call(
                            "users.list",
                            // team_id: needed by an org-wide install's token, ignored by a workspace's
                            client -> client.usersList(
                                    r -> r.teamId(teamId).limit(200).cursor(page)));
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

    /**
     * Lists every user of the workspace into the cache (users.list, 200 a page): a large audience is then known for
     * about one call per 200 people instead of one each. Returns how many were listed (none when Slack did not
     * answer; some, when it stopped answering part way).
     */
    public int cacheAll(String teamId) {
        var all = listAll(teamId);
        all.forEach(user -> cache.put(teamId + ":" + user.id(), user));
        return all.size();
    }

    /** Whether the user is in the cache: looking them up costs no call to Slack. */
    public boolean known(String teamId, String userId) {
        return cache.getIfPresent(teamId + ":" + userId) != null;
    }

    /** The user, or empty when Slack could not say (unknown user, Slack unreachable). */
    public Optional<SlackUser> find(String teamId, String userId) {
        return answer(teamId, userId).orElse(Optional.empty());
    }

    /**
     * Slack's answer about the user: empty when Slack did not answer (unreachable, failing), an empty inner
     * value when it answered that there is no such user.
     */
    public Optional<Optional<SlackUser>> answer(String teamId, String userId) {
        var cached = cache.getIfPresent(teamId + ":" + userId);
        if (cached != null) {
            return Optional.of(Optional.of(cached));
        }
        if (slack == null) {
            return Optional.empty();
        }
        return remember(
                teamId, slack.forTeam(teamId).read("users.info", client -> client.usersInfo(r -> r.user(userId))));
    }

    /**
     * The users Slack can tell about within {@code deadline}: looked up in parallel (cached ones at once),
     * each with one try and no wait on a rate limit, for answers needed before a 3-second ack. A user Slack
     * does not know maps to empty; one it did not answer for in time (slow, rate-limited, unreachable) is
     * missing from the map. Lookups still running at the deadline finish in the background and fill the cache.
     */
    public Map<String, Optional<SlackUser>> findWithin(String teamId, Collection<String> userIds, Duration deadline) {
        Map<String, Optional<SlackUser>> answered = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String userId : new LinkedHashSet<>(userIds)) {
            var cached = cache.getIfPresent(teamId + ":" + userId);
            if (cached != null) {
                answered.put(userId, Optional.of(cached));
            } else if (slack != null) {
                pending.add(CompletableFuture.runAsync(
                        () -> remember(
                                        teamId,
                                        slack.forTeam(teamId)
                                                .attemptOnce(
                                                        "users.info", client -> client.usersInfo(r -> r.user(userId))))
                                .ifPresent(user -> answered.put(userId, user)),
                        lookups));
            }
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // What was answered in time is in the map; the caller treats the rest as not known yet.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.copyOf(answered);
    }

    /**
     * Like {@link #findWithin}, for background work: looked up one after another on the calling thread, so that
     * it never takes the threads that lookups before an ack need, each with one try; at the first rate limit or
     * when Slack is unreachable it stops. Users Slack did not answer for, or not reached, are missing from the
     * map, to be looked up on a later turn.
     */
    public Map<String, Optional<SlackUser>> findInTurn(String teamId, Collection<String> userIds) {
        Map<String, Optional<SlackUser>> answered = new LinkedHashMap<>();
        for (String userId : new LinkedHashSet<>(userIds)) {
            var cached = cache.getIfPresent(teamId + ":" + userId);
            if (cached != null) {
                answered.put(userId, Optional.of(cached));
                continue;
            }
            if (slack == null) {
                break;
            }
            var result =
                    slack.forTeam(teamId).attemptOnce("users.info", client -> client.usersInfo(r -> r.user(userId)));
            if (!result.ok() && STOP_LOOKING.contains(result.error())) {
                break;
            }
            remember(teamId, result).ifPresent(user -> answered.put(userId, user));
        }
        return answered;
    }

    /** Slack's answer about a user, cached when found; empty when Slack did not answer either way. */
    private Optional<Optional<SlackUser>> remember(String teamId, SlackApi.Result<UsersInfoResponse> result) {
        if (result.ok()) {
            var user = toSlackUser(result.response().orElseThrow().getUser());
            cache.put(teamId + ":" + user.id(), user);
            return Optional.of(Optional.of(user));
        }
        return UNKNOWN_USER.contains(result.error()) ? Optional.of(Optional.empty()) : Optional.empty();
    }

    private static SlackUser toSlackUser(User user) {
        return new SlackUser(
                user.getId(),
                user.isAdmin(),
                user.isOwner(),
                user.isBot(),
                user.isDeleted(),
                zone(user.getTz()),
                name(user));
    }

    private static String name(User user) {
        var profile = user.getProfile();
        for (String name : new String[] {
            user.getRealName(),
            profile == null ? null : profile.getRealName(),
            profile == null ? null : profile.getDisplayName(),
            user.getName()
        }) {
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        return user.getId();
    }

    private static ZoneId zone(String tz) {
        try {
            return tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
