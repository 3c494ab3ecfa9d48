package lodestar.digest;

import static lodestar.db.schema.Tables.DIGEST_DELIVERY;

import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;

/** Who got which week's digest. */
final class DigestRepository {
    private final DSLContext dsl;

    DigestRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Claims a week's digest for a recipient before it is sent; false when it was claimed already. */
    boolean claim(String teamId, String recipient, String week, Instant now) {
        return dsl.insertInto(DIGEST_DELIVERY)
                        .set(DIGEST_DELIVERY.TEAM_ID, teamId)
                        .set(DIGEST_DELIVERY.RECIPIENT, recipient)
                        .set(DIGEST_DELIVERY.WEEK, week)
                        .set(DIGEST_DELIVERY.SENT_AT, now.atOffset(ZoneOffset.UTC))
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }
}
