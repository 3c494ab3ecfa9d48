package lodestar;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import lodestar.db.Timestamps;
import lodestar.delivery.SlackLimits;
import lodestar.inbox.Inbox;
import lodestar.slack.AfterAck;
import lodestar.slack.AfterAckPools;
import lodestar.slack.Backoff;
import lodestar.slack.SlackApi;

/**
 * What tests replace: time, where work after the ack runs, how waits happen (rate limits, pacing), whether
 * scheduled jobs fire by themselves (tests run them by hand, on their pinned clock), how long Slack may take, and
 * how long to wait before trying an unreachable Slack again.
 */
public record Seams(
        Clock clock,
        AfterAck afterAck,
        SlackApi.Sleeper sleeper,
        boolean runJobs,
        Duration slackBeforeAck,
        Duration slackCallTimeout,
        Backoff slackBackoff,
        SlackLimits slackLimits,
        int inboxRoom,
        Duration inboxLease) {
    public Seams {
        clock = Timestamps.clock(clock); // at the database's precision, so stored times match computed ones
    }

    /**
     * How long a handler may wait for Slack before its ack (the kudos form looks people up to show field
     * errors); Slack wants the ack within 3 seconds.
     */
    static final Duration SLACK_BEFORE_ACK = Duration.ofSeconds(2);

    /** The longest one Web API call may take in all, retries aside, so that no thread waits on Slack for long. */
    static final Duration SLACK_CALL_TIMEOUT = Duration.ofSeconds(10);

    public Seams(Clock clock, Executor afterAck, SlackApi.Sleeper sleeper, boolean runJobs) {
        this(clock, afterAck, sleeper, runJobs, SLACK_BEFORE_ACK);
    }

    /** Both kinds of work after the ack on {@code afterAck}. */
    public Seams(Clock clock, Executor afterAck, SlackApi.Sleeper sleeper, boolean runJobs, Duration slackBeforeAck) {
        this(
                clock,
                AfterAck.on(afterAck),
                sleeper,
                runJobs,
                slackBeforeAck,
                SLACK_CALL_TIMEOUT,
                Backoff.STANDARD,
                SlackLimits.unpaced(),
                AfterAckPools.COMMAND_ROOM,
                Inbox.LEASE);
    }

    public Seams(
            Clock clock,
            AfterAck afterAck,
            SlackApi.Sleeper sleeper,
            boolean runJobs,
            Duration slackBeforeAck,
            Duration slackCallTimeout) {
        this(
                clock,
                afterAck,
                sleeper,
                runJobs,
                slackBeforeAck,
                slackCallTimeout,
                Backoff.STANDARD,
                SlackLimits.unpaced(),
                AfterAckPools.COMMAND_ROOM,
                Inbox.LEASE);
    }

    public Seams withSlackBackoff(Backoff backoff) {
        return new Seams(
                clock,
                afterAck,
                sleeper,
                runJobs,
                slackBeforeAck,
                slackCallTimeout,
                backoff,
                slackLimits,
                inboxRoom,
                inboxLease);
    }

    /** Pacing to Slack's rates; the shorter constructors, for tests, send unpaced. */
    public Seams withSlackLimits(SlackLimits limits) {
        return new Seams(
                clock,
                afterAck,
                sleeper,
                runJobs,
                slackBeforeAck,
                slackCallTimeout,
                slackBackoff,
                limits,
                inboxRoom,
                inboxLease);
    }

    /**
     * How many commands the instance takes at once (more wait in the database), and how long its claim on one holds
     * before another instance may take it.
     */
    public Seams withInbox(int room, Duration lease) {
        return new Seams(
                clock,
                afterAck,
                sleeper,
                runJobs,
                slackBeforeAck,
                slackCallTimeout,
                slackBackoff,
                slackLimits,
                room,
                lease);
    }

    static Seams production(AfterAck afterAck, double slackRates) {
        return new Seams(
                Clock.systemUTC(),
                afterAck,
                duration -> Thread.sleep(duration.toMillis()),
                true,
                SLACK_BEFORE_ACK,
                SLACK_CALL_TIMEOUT,
                Backoff.STANDARD,
                slackRates == 1 ? SlackLimits.slacks() : new SlackLimits(slackRates, System::nanoTime),
                AfterAckPools.COMMAND_ROOM,
                Inbox.LEASE);
    }
}
