package lodestar.delivery;

import com.slack.api.methods.MethodsRateLimitTier;
import com.slack.api.methods.MethodsRateLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Paces calls to Slack's documented rates, per workspace: each method's tier (the Slack SDK's table of Slack's
 * published tiers), and for {@code chat.postMessage} one message a second per conversation and
 * {@value #WORKSPACE_POSTS_PER_MINUTE} a minute in all ("several hundred messages per minute", Slack says). Calls are
 * spaced evenly at those rates (a hair under, see {@link #MARGIN}), and a {@code Retry-After} from Slack holds its key
 * until it has passed. Per instance: two instances each keep to the rates, and Slack's 429s slow them down together.
 */
public final class SlackLimits {
    public static final int WORKSPACE_POSTS_PER_MINUTE = 300;
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final int FORGET_ABOVE = 10_000;
    /**
     * How far ahead {@link #turn} plans: a workspace's turns are shared by all its conversations, so a plan grown long
     * by messages that went another way (cancelled, sent by another sender) must not hold a post for long; a
     * conversation's own backlog (one post a second) is real, and planned further.
     */
    private static final long WORKSPACE_HORIZON = Duration.ofMinutes(1).toNanos();

    private static final long CONVERSATION_HORIZON = Duration.ofMinutes(10).toNanos();
    /**
     * Calls are spaced 1% wider than the rate: a call the machine delayed a little would otherwise make the window
     * that starts with it one call too many, and Slack would answer it 429.
     */
    private static final double MARGIN = 1.01;

    /** Tells the time in nanoseconds, like {@link System#nanoTime()}; tests pass their own. */
    @FunctionalInterface
    public interface Ticker {
        long nanos();
    }

    private final double speedUp;
    private final Ticker ticker;
    private final Map<String, Long> nextFree = new HashMap<>();
    /** When the messages put back to wait their turn are to be tried again, by the same keys ({@link #turn}). */
    private final Map<String, Long> nextTry = new HashMap<>();

    /** {@code speedUp} above 1 allows that many times Slack's rates: for benchmarks against a fake Slack that does too. */
    public SlackLimits(double speedUp, Ticker ticker) {
        if (!(speedUp > 0)) {
            throw new IllegalArgumentException("Rates are sped up by a positive factor, not " + speedUp);
        }
        this.speedUp = speedUp;
        this.ticker = ticker;
    }

    public static SlackLimits slacks() {
        return new SlackLimits(1, System::nanoTime);
    }

    /** No pacing at all, Retry-After included: for tests whose Slack is a local fake and whose time is their own. */
    public static SlackLimits unpaced() {
        return new SlackLimits(Double.POSITIVE_INFINITY, System::nanoTime);
    }

    /**
     * Reserves the next slot for a call of {@code method} in {@code conversation}; returns how long to wait before
     * making it (zero when it may go now).
     */
    public synchronized Duration reserve(String teamId, String method, String conversation) {
        long now = ticker.nanos();
        forgetPast(now);
        String methodKey = teamId + " " + method;
        if (method.equals(Message.POST)) {
            String conversationKey = methodKey + " " + conversation;
            long at = Math.max(now, Math.max(free(methodKey, now), free(conversationKey, now)));
            nextFree.put(methodKey, at + interval(WORKSPACE_POSTS_PER_MINUTE));
            nextFree.put(conversationKey, at + interval(60));
            return Duration.ofNanos(at - now);
        }
        long at = Math.max(now, free(methodKey, now));
        nextFree.put(methodKey, at + interval(perMinute(method)));
        return Duration.ofNanos(at - now);
    }

    /** How long a call of {@code method} in {@code conversation} would wait now, without reserving its slot. */
    public synchronized Duration peek(String teamId, String method, String conversation) {
        long now = ticker.nanos();
        String methodKey = teamId + " " + method;
        long at = Math.max(now, free(methodKey, now));
        if (method.equals(Message.POST)) {
            at = Math.max(at, free(methodKey + " " + conversation, now));
        }
        return Duration.ofNanos(at - now);
    }

    /**
     * How long from now to try again a message that waits its turn (its slot, {@link #peek}, is too far to wait for):
     * those put back are spread at Slack's rates, per conversation and per method, so that each comes due about when
     * it can go. Were each put back until the next free slot, a thousand posts waiting in one channel would all come
     * due every second, and the senders would spend themselves taking them and putting them back.
     */
    public synchronized Duration turn(String teamId, String method, String conversation) {
        long now = ticker.nanos();
        long earliest = now + peek(teamId, method, conversation).toNanos();
        if (nextTry.size() > FORGET_ABOVE) {
            nextTry.values().removeIf(at -> at <= now);
        }
        // Planned turns are never given back (a message cancelled, or sent by another sender, keeps its place): they
        // are planned at most so far ahead, and a message whose turn is further is planned again when it comes due.
        String methodKey = teamId + " " + method;
        long byMethod =
                Math.min(Math.max(earliest, nextTry.getOrDefault(methodKey, now)), earliest + WORKSPACE_HORIZON);
        if (method.equals(Message.POST)) {
            String conversationKey = methodKey + " " + conversation;
            long inConversation = Math.min(
                    Math.max(earliest, nextTry.getOrDefault(conversationKey, now)), earliest + CONVERSATION_HORIZON);
            nextTry.put(conversationKey, Math.max(inConversation, byMethod) + interval(60));
            if (inConversation > byMethod) {
                // Its conversation's turn decides, and the workspace will have room by then: the workspace's turns
                // are left to messages in other conversations, or a busy channel would hold up every DM.
                return Duration.ofNanos(inConversation - now);
            }
        }
        nextTry.put(
                methodKey,
                byMethod + interval(method.equals(Message.POST) ? WORKSPACE_POSTS_PER_MINUTE : perMinute(method)));
        return Duration.ofNanos(byMethod - now);
    }

    /**
     * For a message about to be enqueued by a caller that would deliver it right after: empty when its turn has come;
     * otherwise how long until its turn ({@link #turn}), for the caller to enqueue it due then and leave it to the
     * background senders, rather than put it back after the transaction that enqueued it. A turn planned for a message
     * whose transaction then fails is not given back, as with {@link #turn}.
     */
    public synchronized Optional<Duration> turnIfNotNow(String teamId, String method, String conversation) {
        if (peek(teamId, method, conversation).isZero()) {
            return Optional.empty();
        }
        return Optional.of(turn(teamId, method, conversation));
    }

    /** Slack said to wait {@code retryAfter} before calling {@code method} again (in {@code conversation}, if given). */
    public synchronized void pause(String teamId, String method, String conversation, Duration retryAfter) {
        if (Double.isInfinite(speedUp)) {
            return; // unpaced: a test's Retry-After is waited out by its own sleeper, not by real time
        }
        long until = ticker.nanos() + retryAfter.toNanos();
        String methodKey = teamId + " " + method;
        nextFree.merge(methodKey, until, Math::max);
        if (method.equals(Message.POST) && conversation != null) {
            nextFree.merge(methodKey + " " + conversation, until, Math::max);
        }
    }

    /** The fewest seconds Slack's rates allow for {@code posts} messages in distinct conversations of one workspace. */
    public static double minimumSeconds(int posts) {
        return Math.max(0, posts - 1) * 60.0 / WORKSPACE_POSTS_PER_MINUTE;
    }

    private static int perMinute(String method) {
        MethodsRateLimitTier tier = MethodsRateLimits.lookupRateLimitTier(method);
        return MethodsRateLimitTier.getAllowedRequestsPerMinute(tier);
    }

    private long interval(int perMinute) {
        return (long) (MINUTE * MARGIN / (perMinute * speedUp));
    }

    private long free(String key, long now) {
        return nextFree.getOrDefault(key, now);
    }

    private void forgetPast(long now) {
        if (nextFree.size() > FORGET_ABOVE) {
            nextFree.values().removeIf(at -> at <= now);
        }
    }
}
