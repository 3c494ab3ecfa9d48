package lodestar.digest;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.DIGEST_DELIVERY;

import java.time.Duration;
import java.time.Instant;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Who got which week's digest, and which deliveries are under way. */
final class DigestRepository {
    private final DSLContext dsl;

    DigestRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Claims a week's digest for a recipient before it is sent: true when it was neither sent, failed for good nor
     * claimed, or when an earlier claim lapsed ({@code lease} passed without the digest being marked sent or failed).
     */
    boolean claim(String teamId, String recipient, String week, String claimant, Instant now, Duration lease) {
        return dsl.insertInto(DIGEST_DELIVERY)
                        .set(DIGEST_DELIVERY.TEAM_ID, teamId)
                        .set(DIGEST_DELIVERY.RECIPIENT, recipient)
                        .set(DIGEST_DELIVERY.WEEK, week)
                        .set(DIGEST_DELIVERY.CLAIMED_AT, utc(now))
                        .set(DIGEST_DELIVERY.CLAIMED_BY, claimant)
                        .onConflict(DIGEST_DELIVERY.TEAM_ID, DIGEST_DELIVERY.RECIPIENT, DIGEST_DELIVERY.WEEK)
                        .doUpdate()
                        .set(DIGEST_DELIVERY.CLAIMED_AT, utc(now))
                        .set(DIGEST_DELIVERY.CLAIMED_BY, claimant)
                        .where(
                                DIGEST_DELIVERY.SENT_AT.isNull(),
                                DIGEST_DELIVERY.FAILURE.isNull(),
                                DIGEST_DELIVERY.CLAIMED_AT.le(utc(now.minus(lease))))
                        .execute()
                == 1;
    }

    /** Records that the claimed digest was posted. */
    void markSent(String teamId, String recipient, String week, String claimant, Instant now) {
        dsl.update(DIGEST_DELIVERY)
                .set(DIGEST_DELIVERY.SENT_AT, utc(now))
                .where(claimed(teamId, recipient, week, claimant))
                .execute();
    }

    /** Records that Slack refused the claimed digest for good ({@code error}), so that no run retries it. */
    void markFailed(String teamId, String recipient, String week, String claimant, String error) {
        dsl.update(DIGEST_DELIVERY)
                .set(DIGEST_DELIVERY.FAILURE, error)
                .where(claimed(teamId, recipient, week, claimant), DIGEST_DELIVERY.SENT_AT.isNull())
                .execute();
    }

    /** Gives a claim back after a send that failed for a reason that may pass, so that the next run retries it. */
    void release(String teamId, String recipient, String week, String claimant) {
        dsl.deleteFrom(DIGEST_DELIVERY)
                .where(claimed(teamId, recipient, week, claimant), DIGEST_DELIVERY.SENT_AT.isNull())
                .execute();
    }

    private static Condition claimed(String teamId, String recipient, String week, String claimant) {
        return DIGEST_DELIVERY
                .TEAM_ID
                .eq(teamId)
                .and(DIGEST_DELIVERY.RECIPIENT.eq(recipient))
                .and(DIGEST_DELIVERY.WEEK.eq(week))
                .and(DIGEST_DELIVERY.CLAIMED_BY.eq(claimant));
    }
}
