package lodestar.slack;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;
import lodestar.db.Commits;
import lodestar.db.Prepared;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signatures of Slack requests let in lately, in the database that every instance shares: a replay is refused
 * whichever instance it reaches (a slash command's is recorded with the command: {@link SignatureRecord}). Old rows are
 * deleted at most once a minute, by whichever request comes then.
 */
public final class SeenSignatures implements SlackDoor.Replays {
    private static final Logger log = LoggerFactory.getLogger(SeenSignatures.class);
    private static final Duration KEPT = SlackDoor.WINDOW.multipliedBy(2);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    /**
     * The statement before the ack of every request but a slash command, whose signature is recorded with the command
     * or after its answer ({@link SignatureRecord}) ({@link Prepared}: rendered once).
     */
    private static final Prepared INSERT = Prepared.of(
            DSL.insertInto(SLACK_REQUEST_SEEN, SLACK_REQUEST_SEEN.SIGNATURE, SLACK_REQUEST_SEEN.SEEN_AT)
                    .select(DSL.select(DSL.param("signature", String.class), DSL.param("seenAt", OffsetDateTime.class))
                            .where(Commits.withoutWaitingForTheDisk()))
                    .onConflictDoNothing(),
            "signature",
            "seenAt");

    private final DSLContext dsl;
    private final Clock clock;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);
    /** After the database failed to answer, it is not asked again for a while: waiting on it would eat the ack. */
    private volatile Instant askAgainAt = Instant.EPOCH;

    private static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(10);

    /*
     * The insert commits without waiting for the disk (Commits): whatever the ack then records (a job, a survey's
     * answer) commits synchronously, which flushes the signature with it; only a crash of the database server in the
     * moment (a few hundred milliseconds) after a request that records nothing before its ack (help, a list, a form
     * opened) can forget its signature, and then only this instance's memory still has it.
     */

    public SeenSignatures(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Records the signature; false when any instance recorded it before. While the database is failing (for
     * {@link #QUIET_AFTER_FAILURE} after it last failed) it is not asked, and the door's own memory decides.
     */
    @Override
    public boolean firstTime(String signature) {
        var now = clock.instant();
        if (now.isBefore(askAgainAt)) {
            return true;
        }
        try {
            purgeNowAndThen(now);
            return INSERT.execute(dsl, signature, utc(now)) == 1;
        } catch (RuntimeException e) {
            askAgainAt = now.plus(QUIET_AFTER_FAILURE);
            throw e;
        }
    }

    @Override
    public void forgetOldNowAndThen() {
        var now = clock.instant();
        if (!now.isBefore(askAgainAt)) {
            try {
                purgeNowAndThen(now);
            } catch (RuntimeException e) {
                askAgainAt = now.plus(QUIET_AFTER_FAILURE);
                log.debug("Old signatures are forgotten later (the database did not answer)", e);
            }
        }
    }

    private void purgeNowAndThen(Instant now) {
        var last = lastPurge.get();
        if (now.isAfter(last.plus(PURGE_EVERY)) && lastPurge.compareAndSet(last, now)) {
            int deleted = dsl.deleteFrom(SLACK_REQUEST_SEEN)
                    .where(SLACK_REQUEST_SEEN.SEEN_AT.lt(utc(now.minus(KEPT))))
                    .execute();
            log.debug("Forgot {} Slack request signatures older than {}", deleted, KEPT);
        }
    }
}
