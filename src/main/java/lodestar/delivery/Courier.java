package lodestar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import lodestar.slack.SlackApi;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims a due message (one sender per message, on any instance), paces it to Slack's rates,
 * sends it, and records what came of it in the same transaction as its feature's {@link Handler}. A failure that may
 * pass is tried again with back-off (after Slack's {@code Retry-After} when it gave one); a message whose earlier
 * attempt may have reached Slack is first looked for in its conversation ({@link SentBefore}), so that it is posted
 * exactly once; one Slack refuses for good is recorded and handed to its handler, which tells the person concerned.
 * One attempt at a claimed message, from its turn to what came of it, is {@link Attempts}.
 */
public final class Courier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Courier.class);
    /** How long a claim holds when its sender neither records an outcome nor gives it back (it died mid-way). */
    public static final Duration LEASE = Duration.ofMinutes(2);

    /** A sender waits for its message's turn at most this long; a longer wait puts the message back until then. */
    private static final Duration PACE_IN_HAND = Duration.ofSeconds(2);
    /** Delivered and refused messages are kept this long: their dedupe keys keep re-runs from sending them again. */
    static final Duration KEPT = Duration.ofDays(90);

    private static final Duration FORGET_EVERY = Duration.ofHours(1);
    private static final int DRAIN_AT_MOST = 100_000;

    /** What a feature does with the outcome of its messages, registered by kind when Lodestar is wired. */
    public interface Handler {
        /**
         * Slack took the message: runs in the transaction that records it, so both happen or neither does; that
         * transaction does not wait for the disk ({@code Deliveries}), so a crash of the database server may lose both,
         * and both are then done again once the message is found in its channel: what it records must bear that.
         */
        void sent(DSLContext tx, Delivery delivery, String conversation, String ts);

        /**
         * Slack took the message, with what {@link #prepare} fetched: for a handler that needs more from Slack (a
         * permalink) to record it, without calling Slack inside the transaction.
         */
        default void sent(DSLContext tx, Delivery delivery, String conversation, String ts, Object prepared) {
            sent(tx, delivery, conversation, ts);
        }

        /** Runs before the transaction that records a sent message: what to fetch from Slack first, if anything. */
        default Object prepare(Delivery delivery, String conversation, String ts) {
            return null;
        }

        /** Slack refused the message for good ({@code error}), or it could not be sent within a day. */
        default void refused(DSLContext tx, Delivery delivery, String error) {}
    }

    /** What one attempt came to. */
    public sealed interface Outcome {}

    public record Sent(String conversation, String ts) implements Outcome {}

    public record Refused(String error) implements Outcome {}

    /** Not yet: a failure that may pass; it is tried again from {@code at}. */
    public record Later(String error, Instant at) implements Outcome {}

    /** The reason of a {@link Later} that only waits its turn under Slack's rates: nothing failed. */
    public static final String PACED = "paced";

    /** Another sender holds it, or it is done already. */
    public record Elsewhere() implements Outcome {}

    private final DSLContext dsl;
    private final SlackLimits limits;
    private final Clock clock;
    private final Duration lease;
    private final Outcomes outcomes;
    private final Attempts attempts;
    private final Senders senders;
    private final java.util.concurrent.atomic.AtomicReference<Instant> lastForgot =
            new java.util.concurrent.atomic.AtomicReference<>(Instant.EPOCH);

    public Courier(
            DSLContext dsl, SlackApi slack, SlackLimits limits, Clock clock, SlackApi.Sleeper sleeper, Duration lease) {
        this.dsl = dsl;
        this.limits = limits;
        this.clock = clock;
        this.lease = lease;
        this.outcomes = new Outcomes(dsl);
        this.attempts = new Attempts(dsl, slack, limits, clock, sleeper, lease, outcomes);
        this.senders = new Senders(this);
    }

    public void handle(String kind, Handler handler) {
        outcomes.register(kind, handler);
    }

    /**
     * Delivers this message now, on this thread, unless another sender holds it or it is done; waits up to 2 s for its
     * turn under Slack's rates.
     */
    public Outcome deliver(long id) {
        return deliver(id, false, PACE_IN_HAND);
    }

    private Outcome deliver(long id, boolean answered, Duration inHand) {
        var token = UUID.randomUUID();
        var now = clock.instant();
        return Deliveries.claim(dsl, id, token, now, now.plus(lease))
                .map(delivery -> answered ? delivery.answeredByCaller() : delivery)
                .map(delivery -> attempts.send(delivery, inHand))
                .orElseGet(Elsewhere::new);
    }

    /** Delivers the workspace's message with this dedupe key now, as {@link #deliver(long)}. */
    public Outcome deliver(String teamId, String dedupeKey) {
        return deliver(teamId, dedupeKey, false, PACE_IN_HAND);
    }

    /**
     * Delivers the workspace's message with this dedupe key now if its turn under Slack's rates has come; otherwise
     * leaves it to the background senders ({@link Later}) rather than hold this thread, which has other work.
     */
    public Outcome deliverIfItsTurn(String teamId, String dedupeKey) {
        return deliver(teamId, dedupeKey, false, Duration.ZERO);
    }

    /**
     * As {@link #deliverIfItsTurn}, for a request that tells its user what came of the message: its handler sees
     * {@link Delivery#answered()} and need not tell them again (by DM, say). A message not sent because it waits its
     * turn is {@link Later} with {@link #PACED}.
     */
    public Outcome deliverAnswering(String teamId, String dedupeKey) {
        return deliver(teamId, dedupeKey, true, Duration.ZERO);
    }

    /**
     * As {@link #deliverAnswering(String, String)}, for a message its caller has just enqueued: by its id, paced by
     * the {@code method} and {@code channel} it was enqueued with; nothing is looked up by its key. One sent meanwhile
     * by another sender is {@link Elsewhere}.
     */
    public Outcome deliverAnswering(String teamId, long id, String method, String channel) {
        return deliverPending(teamId, id, method, channel, true, Duration.ZERO);
    }

    /** A message sent already answers as sent; one that is unknown, done otherwise or held elsewhere, as elsewhere. */
    private Outcome deliver(String teamId, String dedupeKey, boolean answered, Duration inHand) {
        return Outbox.status(dsl, teamId, dedupeKey)
                .map(status -> status.pending()
                        ? deliverPending(teamId, status.id(), status.method(), status.channel(), answered, inHand)
                        : status.ts()
                                .<Outcome>map(
                                        ts -> new Sent(status.conversation().orElse(""), ts))
                                .orElseGet(Elsewhere::new))
                .orElseGet(Elsewhere::new);
    }

    /**
     * A pending message whose turn under Slack's rates is further than {@code inHand} is left to the background
     * senders, due in its turn, without claiming it: claiming it only to put it back would cost the database a
     * transaction for nothing.
     */
    private Outcome deliverPending(
            String teamId, long id, String method, String channel, boolean answered, Duration inHand) {
        var slot = limits.peek(teamId, method, channel);
        if (slot.compareTo(inHand) > 0) {
            var now = clock.instant();
            var at = now.plus(limits.turn(teamId, method, channel));
            // Sent or held by another sender meanwhile: theirs to tell.
            return Deliveries.leaveFor(dsl, id, now, at) ? new Later(PACED, at) : new Elsewhere();
        }
        return deliver(id, answered, inHand);
    }

    /**
     * Delivers every message due now, on this thread, including those their handlers add on the way (a kudos's DMs
     * after its post); returns how many it tried. Messages put back until later are not waited for.
     */
    public int drain() {
        int tried = 0;
        while (tried < DRAIN_AT_MOST && deliverNextDue()) {
            tried++;
        }
        return tried;
    }

    /** Messages not delivered yet, due or not. */
    public int waiting() {
        return Deliveries.pending(dsl);
    }

    /** Starts {@code count} senders in the background; they look for due messages every second, or when woken. */
    public void start(int count) {
        senders.start(count);
    }

    /** Tells the background senders that something was enqueued, so that it goes out now rather than within a second. */
    public void wake() {
        senders.wake();
    }

    @Override
    public void close() throws InterruptedException {
        senders.close();
    }

    /** Once an hour, on whichever sender comes first: messages done more than {@link #KEPT} ago are deleted. */
    void forgetOldNowAndThen() {
        var now = clock.instant();
        var last = lastForgot.get();
        if (now.isAfter(last.plus(FORGET_EVERY)) && lastForgot.compareAndSet(last, now)) {
            int forgotten = Deliveries.forget(dsl, now.minus(KEPT));
            if (forgotten > 0) {
                log.info("Deleted {} outbox messages done more than {} days ago", forgotten, KEPT.toDays());
            }
        }
    }

    boolean deliverNextDue() {
        var token = UUID.randomUUID();
        var now = clock.instant();
        var due = Deliveries.claimDue(dsl, token, now, now.plus(lease));
        due.ifPresent(delivery -> attempts.send(delivery, PACE_IN_HAND));
        return due.isPresent();
    }
}
