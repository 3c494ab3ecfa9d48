package lodestar.install;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.OAUTH_STATE;

import com.slack.api.bolt.service.OAuthStateService;
import java.time.Clock;
import java.time.Duration;
import org.jooq.DSLContext;

/**
 * The states of installs under way, in the database so that any instance can finish an install another began. Bolt
 * also keeps each in a cookie of the installer's browser and checks both; a state is used once and expires after
 * {@link #EXPIRES_AFTER}.
 */
final class OAuthStates implements OAuthStateService {
    static final Duration EXPIRES_AFTER = Duration.ofMinutes(10);

    private final DSLContext dsl;
    private final Clock clock;

    OAuthStates(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public long getExpirationInSeconds() {
        return EXPIRES_AFTER.toSeconds();
    }

    @Override
    public void addNewStateToDatastore(String state) {
        var now = clock.instant();
        dsl.deleteFrom(OAUTH_STATE).where(OAUTH_STATE.EXPIRES_AT.le(utc(now))).execute();
        dsl.insertInto(OAUTH_STATE)
                .set(OAUTH_STATE.STATE, state)
                .set(OAUTH_STATE.EXPIRES_AT, utc(now.plus(EXPIRES_AFTER)))
                .execute();
    }

    /** Whether the state was issued and has not expired; it is used up by asking, so that it serves once only. */
    @Override
    public boolean isAvailableInDatabase(String state) {
        return dsl.deleteFrom(OAUTH_STATE)
                        .where(OAUTH_STATE.STATE.eq(state), OAUTH_STATE.EXPIRES_AT.gt(utc(clock.instant())))
                        .execute()
                == 1;
    }

    @Override
    public void deleteStateFromDatastore(String state) {
        dsl.deleteFrom(OAUTH_STATE).where(OAUTH_STATE.STATE.eq(state)).execute();
    }
}
