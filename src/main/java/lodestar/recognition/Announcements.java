package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.db.schema.Tables.KUDOS_RECIPIENT;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Which kudos are announced, and who is announcing one now: claims keyed by the kudos, with a lease. */
final class Announcements {
    /** A kudos still to be announced. */
    record Pending(String teamId, long kudosId) {}

    private final DSLContext dsl;

    Announcements(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Takes the kudos to announce it, unless it is announced, withdrawn, or claimed since {@code lapsedBefore}: the
     * claim's time is its token, so that only its holder gives it back or marks the kudos done.
     */
    Optional<Instant> claim(long kudosId, Instant now, Instant lapsedBefore) {
        var claimed = dsl.update(KUDOS)
                        .set(KUDOS.ANNOUNCE_CLAIMED_AT, utc(now))
                        .where(KUDOS.ID.eq(kudosId))
                        .and(KUDOS.ANNOUNCED_AT.isNull())
                        .and(KUDOS.WITHDRAWN_AT.isNull())
                        .and(KUDOS.ANNOUNCE_CLAIMED_AT.isNull().or(KUDOS.ANNOUNCE_CLAIMED_AT.lt(utc(lapsedBefore))))
                        .execute()
                == 1;
        return claimed ? Optional.of(now) : Optional.empty();
    }

    void release(long kudosId, Instant claim) {
        dsl.update(KUDOS)
                .setNull(KUDOS.ANNOUNCE_CLAIMED_AT)
                .where(KUDOS.ID.eq(kudosId), KUDOS.ANNOUNCE_CLAIMED_AT.eq(utc(claim)))
                .execute();
    }

    void done(long kudosId, Instant claim, Instant now) {
        dsl.update(KUDOS)
                .set(KUDOS.ANNOUNCED_AT, utc(now))
                .where(KUDOS.ID.eq(kudosId), KUDOS.ANNOUNCE_CLAIMED_AT.eq(utc(claim)))
                .execute();
    }

    /**
     * Kudos given since {@code from} and before {@code givenBefore}, not announced, and not claimed since
     * {@code lapsedBefore}: those never tried (or given back) first, then the longest-claimed.
     */
    List<Pending> pending(Instant from, Instant givenBefore, Instant lapsedBefore, int limit) {
        return dsl.select(KUDOS.TEAM_ID, KUDOS.ID)
                .from(KUDOS)
                .where(KUDOS.ANNOUNCED_AT.isNull())
                .and(KUDOS.WITHDRAWN_AT.isNull())
                .and(KUDOS.GIVEN_AT.ge(utc(from)))
                .and(KUDOS.GIVEN_AT.lt(utc(givenBefore)))
                .and(KUDOS.ANNOUNCE_CLAIMED_AT.isNull().or(KUDOS.ANNOUNCE_CLAIMED_AT.lt(utc(lapsedBefore))))
                .orderBy(KUDOS.ANNOUNCE_CLAIMED_AT.asc().nullsFirst(), KUDOS.GIVEN_AT)
                .limit(limit)
                .fetch(r -> new Pending(r.value1(), r.value2()));
    }

    /** The recipients whose DM has not gone out yet. */
    List<String> dmsToSend(long kudosId) {
        return dsl.select(KUDOS_RECIPIENT.USER_ID)
                .from(KUDOS_RECIPIENT)
                .where(KUDOS_RECIPIENT.KUDOS_ID.eq(kudosId), KUDOS_RECIPIENT.DM_SENT_AT.isNull())
                .fetch(KUDOS_RECIPIENT.USER_ID);
    }

    void dmSent(long kudosId, String userId, Instant now) {
        dsl.update(KUDOS_RECIPIENT)
                .set(KUDOS_RECIPIENT.DM_SENT_AT, utc(now))
                .where(KUDOS_RECIPIENT.KUDOS_ID.eq(kudosId), KUDOS_RECIPIENT.USER_ID.eq(userId))
                .execute();
    }
}
