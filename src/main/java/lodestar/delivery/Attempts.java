package lodestar.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import lodestar.delivery.Courier.Elsewhere;
import lodestar.delivery.Courier.Later;
import lodestar.delivery.Courier.Outcome;
import lodestar.slack.SlackApi;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a claimed message: looked for in its conversation first when an earlier attempt may have reached
 * Slack, sent when its turn under Slack's rates comes (or put back until then), and what came of it recorded. A failure
 * that may pass is tried again with back-off; one that lasts a day and ten tries is given up.
 */
final class Attempts {
    /** The courier's logger, as before this was split from it: its lines read, and are configured, as they were. */
    private static final Logger log = LoggerFactory.getLogger(Courier.class);
    /**
     * A message Slack has not taken after a day and ten tries (a rate limit aside, which always passes) is given up,
     * and its handler told.
     */
    static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    /** The longest a sender waits out a rate limit itself; a longer one puts the message back until then. */
    private static final Duration WAIT_IN_CALL = Duration.ofSeconds(10);

    private static final List<Duration> BACKOFF = List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2));
    /** Retries before a message may be given up, and only after {@link #GIVE_UP_AFTER}. */
    private static final int GIVE_UP_AFTER_ATTEMPTS = 10;

    private final DSLContext dsl;
    private final SlackApi slack;
    private final SlackLimits limits;
    private final Clock clock;
    private final SlackApi.Sleeper sleeper;
    private final Duration lease;
    private final SentBefore sentBefore;
    private final Outcomes outcomes;

    Attempts(
            DSLContext dsl,
            SlackApi slack,
            SlackLimits limits,
            Clock clock,
            SlackApi.Sleeper sleeper,
            Duration lease,
            Outcomes outcomes) {
        this.dsl = dsl;
        this.slack = slack;
        this.limits = limits;
        this.clock = clock;
        this.sleeper = sleeper;
        this.lease = lease;
        this.sentBefore = new SentBefore(slack);
        this.outcomes = outcomes;
    }

    /** Sends it if its turn under Slack's rates is at most {@code inHand} away (waiting for it); else later. */
    Outcome send(Delivery delivery, Duration inHand) {
        try {
            var message = delivery.message();
            if (delivery.inDoubt() && message.isPost()) {
                var answer = sentBefore.find(delivery);
                if (answer instanceof SentBefore.Found found) {
                    log.info(
                            "Outbox {}: an earlier attempt was posted; recording it, not posting again", delivery.id());
                    return sent(delivery, found.conversation(), found.ts());
                }
                if (answer instanceof SentBefore.Unknown unknown) {
                    return later(delivery, unknown.failure(), true);
                }
            }
            var slot = limits.peek(message.teamId(), message.method(), message.channel());
            if (slot.compareTo(inHand) > 0) {
                // Its method or conversation is busy: back in the queue until its turn, so that others go meanwhile.
                var at = clock.instant().plus(limits.turn(message.teamId(), message.method(), message.channel()));
                Deliveries.later(dsl, delivery.id(), delivery.claim(), at, Courier.PACED, false);
                return new Later(Courier.PACED, at);
            }
            pace(message);
            var now = clock.instant();
            // Only while the claim holds, and for a lease from now: a sender that lost it never posts.
            if (!Deliveries.sending(dsl, delivery.id(), delivery.claim(), now, now.plus(lease))) {
                return new Elsewhere();
            }
            var result = SlackCalls.send(slack, delivery, WAIT_IN_CALL);
            if (!result.ok() && "not_in_channel".equals(result.error()) && joined(message)) {
                result = SlackCalls.send(slack, delivery, WAIT_IN_CALL);
            }
            if (result.ok()) {
                var posted = result.response().orElseThrow();
                return sent(delivery, posted.conversation(), posted.ts());
            }
            if (result.retryable()) {
                result.retryAfter()
                        .ifPresent(wait -> limits.pause(delivery.teamId(), message.method(), message.channel(), wait));
                // an update is simply repeated: only a post can be in doubt
                return later(delivery, result, result.inDoubt() && message.isPost());
            }
            return refused(delivery, result.error());
        } catch (RuntimeException e) {
            // The database, most likely: the claim lapses and another sender (or this one) tries again, in doubt.
            log.error("Outbox {}: delivery failed; it is tried again once its claim lapses", delivery.id(), e);
            return new Later(e.toString(), clock.instant().plus(lease));
        }
    }

    /**
     * Posting in a channel Lodestar is not in (without chat:write.public, or a private channel) needs membership:
     * joins it, once; a join that fails (a private channel, no channels:join) leaves the refusal as it was.
     */
    private boolean joined(Message message) {
        return message.isPost()
                && !SentBefore.isUser(message.channel())
                && slack.forTeam(message.teamId())
                        .attemptOnce(
                                "conversations.join",
                                client -> client.conversationsJoin(r -> r.channel(message.channel())))
                        .ok();
    }

    private void pace(Message message) {
        var wait = limits.reserve(message.teamId(), message.method(), message.channel());
        if (wait.isZero()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while pacing a message to Slack", e);
        }
    }

    private Outcome sent(Delivery delivery, String conversation, String ts) {
        return outcomes.sent(delivery, conversation, ts, clock.instant());
    }

    private Outcome refused(Delivery delivery, String error) {
        return outcomes.refused(delivery, error, clock.instant());
    }

    private Outcome later(Delivery delivery, SlackApi.Result<?> failure, boolean inDoubt) {
        var now = clock.instant();
        if (!inDoubt
                && !failure.rateLimited()
                && delivery.attempts() >= GIVE_UP_AFTER_ATTEMPTS
                && delivery.createdAt().plus(GIVE_UP_AFTER).isBefore(now)) {
            return refused(delivery, "gave_up_after_a_day: " + failure.error());
        }
        var backoff = BACKOFF.get(Math.min(delivery.attempts(), BACKOFF.size()) - 1);
        var wait = failure.retryAfter()
                .filter(retryAfter -> retryAfter.compareTo(backoff) > 0)
                .orElse(backoff);
        var at = now.plus(wait);
        log.info(
                "Outbox {} ({}): not delivered ({}); trying again in {} s",
                delivery.id(),
                delivery.kind(),
                failure.error(),
                wait.toSeconds());
        Deliveries.later(dsl, delivery.id(), delivery.claim(), at, failure.error(), inDoubt);
        return new Later(failure.error(), at);
    }
}
