package lodestar.dashboard;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.DASHBOARD_SESSION;
import static lodestar.db.schema.Tables.DASHBOARD_SIGNIN;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** Sign-ins under way and the sessions they open. Runs in the caller's transaction. */
final class SessionRepository {
    private final DSLContext dsl;

    SessionRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void beginSignIn(String state, String nonce, Instant expiresAt, Instant now) {
        dsl.deleteFrom(DASHBOARD_SIGNIN)
                .where(DASHBOARD_SIGNIN.EXPIRES_AT.le(utc(now)))
                .execute();
        dsl.insertInto(DASHBOARD_SIGNIN)
                .set(DASHBOARD_SIGNIN.STATE, state)
                .set(DASHBOARD_SIGNIN.NONCE, nonce)
                .set(DASHBOARD_SIGNIN.EXPIRES_AT, utc(expiresAt))
                .execute();
    }

    /** The nonce of a sign-in begun with {@code state} that has not expired; used up by asking. */
    Optional<String> finishSignIn(String state, Instant now) {
        return dsl.deleteFrom(DASHBOARD_SIGNIN)
                .where(DASHBOARD_SIGNIN.STATE.eq(state), DASHBOARD_SIGNIN.EXPIRES_AT.gt(utc(now)))
                .returning(DASHBOARD_SIGNIN.NONCE)
                .fetchOptional(DASHBOARD_SIGNIN.NONCE);
    }

    void insert(String idHash, Session session, Instant now) {
        dsl.deleteFrom(DASHBOARD_SESSION)
                .where(DASHBOARD_SESSION.EXPIRES_AT.le(utc(now)))
                .execute();
        dsl.insertInto(DASHBOARD_SESSION)
                .set(DASHBOARD_SESSION.ID_HASH, idHash)
                .set(DASHBOARD_SESSION.TEAM_ID, session.teamId())
                .set(DASHBOARD_SESSION.USER_ID, session.userId())
                .set(DASHBOARD_SESSION.NAME, session.name())
                .set(DASHBOARD_SESSION.CSRF, session.csrf())
                .set(DASHBOARD_SESSION.CREATED_AT, utc(now))
                .set(DASHBOARD_SESSION.EXPIRES_AT, utc(session.expiresAt()))
                .execute();
    }

    Optional<Session> find(String idHash, Instant now) {
        return dsl.selectFrom(DASHBOARD_SESSION)
                .where(DASHBOARD_SESSION.ID_HASH.eq(idHash), DASHBOARD_SESSION.EXPIRES_AT.gt(utc(now)))
                .fetchOptional(r -> new Session(
                        r.getTeamId(),
                        r.getUserId(),
                        r.getName(),
                        r.getCsrf(),
                        r.getExpiresAt().toInstant()));
    }

    /** The workspaces someone is signed in to. */
    List<String> teamsSignedIn(Instant now) {
        return dsl.selectDistinct(DASHBOARD_SESSION.TEAM_ID)
                .from(DASHBOARD_SESSION)
                .where(DASHBOARD_SESSION.EXPIRES_AT.gt(utc(now)))
                .fetch(DASHBOARD_SESSION.TEAM_ID);
    }

    void delete(String idHash) {
        dsl.deleteFrom(DASHBOARD_SESSION)
                .where(DASHBOARD_SESSION.ID_HASH.eq(idHash))
                .execute();
    }
}
