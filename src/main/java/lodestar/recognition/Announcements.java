package lodestar.recognition;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.KUDOS;

import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/** Which kudos are announced, and who is announcing one now: claims keyed by the kudos, with a lease. */
final class Announcements {
    /** A kudos still to be announced. */
    record Pending(String teamId, long kudosId) {}

    private final DSLContext dsl;

    Announcements(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Takes the kudos to announce it, unless it is announced, withdrawn, or claimed since {@code lapsedBefore}. */
    boolean claim(long kudosId, Instant now, Instant lapsedBefore) {
        return dsl.update(KUDOS)
                        .set(KUDOS.ANNOUNCE_CLAIMED_AT, utc(now))
                        .where(KUDOS.ID.eq(kudosId))
                        .and(KUDOS.ANNOUNCED_AT.isNull())
                        .and(KUDOS.WITHDRAWN_AT.isNull())
                        .and(KUDOS.ANNOUNCE_CLAIMED_AT.isNull().or(KUDOS.ANNOUNCE_CLAIMED_AT.lt(utc(lapsedBefore))))
                        .execute()
                == 1;
    }

    void release(long kudosId) {
        dsl.update(KUDOS)
                .setNull(KUDOS.ANNOUNCE_CLAIMED_AT)
                .where(KUDOS.ID.eq(kudosId))
                .execute();
    }

    void done(long kudosId, Instant now) {
        dsl.update(KUDOS)
                .set(KUDOS.ANNOUNCED_AT, utc(now))
                .where(KUDOS.ID.eq(kudosId))
                .execute();
    }

    /** Kudos given in [{@code from}, {@code to}) and not announced, oldest first. */
    List<Pending> pending(Instant from, Instant to, int limit) {
        return dsl.select(KUDOS.TEAM_ID, KUDOS.ID)
                .from(KUDOS)
                .where(KUDOS.ANNOUNCED_AT.isNull())
                .and(KUDOS.WITHDRAWN_AT.isNull())
                .and(KUDOS.GIVEN_AT.ge(utc(from)))
                .and(KUDOS.GIVEN_AT.lt(utc(to)))
                .orderBy(KUDOS.GIVEN_AT)
                .limit(limit)
                .fetch(r -> new Pending(r.value1(), r.value2()));
    }
}
