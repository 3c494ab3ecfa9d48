package lodestar.dashboard;

import com.google.crypto.tink.subtle.PrfHmacJce;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import lodestar.secret.ServerSecret;
import org.jooq.DSLContext;

/**
 * Sign-ins and sessions, in PostgreSQL so that any instance behind a load balancer serves any request. Random values
 * travel in the browser; the database keeps the session id only as an HMAC under a key from the server secret.
 */
final class Sessions {
    static final Duration SIGN_IN_WITHIN = Duration.ofMinutes(10);
    static final Duration LASTS = Duration.ofHours(12);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final PrfHmacJce ids;
    private final Clock clock;

    Sessions(DSLContext dsl, ServerSecret secret, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
        try {
            this.ids = new PrfHmacJce(
                    "HMACSHA256", new SecretKeySpec(secret.key("lodestar/dashboard/session/v1", 32), "HMAC"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is available on every JDK", e);
        }
    }

    /** A sign-in under way: its state and nonce, which Slack must send back. */
    record SignIn(String state, String nonce) {}

    SignIn beginSignIn() {
        var signIn = new SignIn(random(), random());
        var now = clock.instant();
        new SessionRepository(dsl).beginSignIn(signIn.state(), signIn.nonce(), now.plus(SIGN_IN_WITHIN), now);
        return signIn;
    }

    /** The nonce the sign-in began with, once, within {@link #SIGN_IN_WITHIN}; empty for a forged or used state. */
    Optional<String> finishSignIn(String state) {
        return new SessionRepository(dsl).finishSignIn(state, clock.instant());
    }

    /** Opens a session for {@code identity}; returns the id its cookie carries. */
    String open(SlackIdentity identity) {
        String id = random();
        var now = clock.instant();
        new SessionRepository(dsl)
                .insert(
                        hash(id),
                        new Session(identity.teamId(), identity.userId(), identity.name(), random(), now.plus(LASTS)),
                        now);
        return id;
    }

    Optional<Session> find(String id) {
        return id == null || id.isBlank()
                ? Optional.empty()
                : new SessionRepository(dsl).find(hash(id), clock.instant());
    }

    /** The workspaces someone is signed in to now. */
    List<String> teamsSignedIn() {
        return new SessionRepository(dsl).teamsSignedIn(clock.instant());
    }

    void close(String id) {
        if (id != null && !id.isBlank()) {
            new SessionRepository(dsl).delete(hash(id));
        }
    }

    private String hash(String id) {
        try {
            return HexFormat.of().formatHex(ids.compute(id.getBytes(StandardCharsets.UTF_8), 32));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
