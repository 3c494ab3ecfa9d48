package lodestar.install;

import static lodestar.db.schema.Tables.INSTALLATION;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.MethodsClient;
import com.slack.api.token_rotation.TokenRotationException;
import com.slack.api.token_rotation.TokenRotator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import lodestar.Config;
import lodestar.secret.ServerSecret;
import lodestar.slack.Tokens;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installations of a Lodestar that serves many workspaces, and the token each workspace is acted for with,
 * whoever asks (a request, the outbox's courier, a scheduled job). Read through a short cache; a token that rotates is
 * refreshed before it expires, once across instances (the row is locked while Slack is asked).
 */
public final class Installations implements Tokens {
    private static final Logger log = LoggerFactory.getLogger(Installations.class);
    private static final Duration CACHED = Duration.ofSeconds(30);
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(10);

    private final DSLContext dsl;
    private final TokenSeal seal;
    private final TokenRotator rotator;
    private final Cache<String, Optional<Installation>> byTeam =
            Caffeine.newBuilder().expireAfterWrite(CACHED).maximumSize(10_000).build();

    public Installations(DSLContext dsl, ServerSecret secret, MethodsClient slack, Config.OAuthApp app) {
        this.dsl = dsl;
        this.seal = new TokenSeal(secret);
        this.rotator = new TokenRotator(slack, REFRESH_BEFORE.toMillis(), app.clientId(), app.clientSecret());
    }

    @Override
    public Optional<String> botToken(String teamId) {
        if (teamId == null) {
            return Optional.empty();
        }
        return byTeam.get(teamId, team -> find(null, team))
                .map(installation -> fresh(installation, teamId))
                .map(Installation::botToken);
    }

    /** The installation that serves the workspace (its own, or its organisation's org-wide one). */
    public Optional<Installation> find(String enterpriseId, String teamId) {
        return new InstallationRepository(dsl, seal).find(enterpriseId, teamId, false);
    }

    public void save(Installation installation) {
        dsl.transaction(tx -> new InstallationRepository(tx.dsl(), seal).save(installation));
        byTeam.invalidateAll();
        log.info("Installed: {}", installation);
    }

    /** Forgets an installation, in the caller's transaction. */
    int delete(DSLContext tx, String key) {
        int deleted = tx.deleteFrom(INSTALLATION)
                .where(INSTALLATION.INSTALL_KEY.eq(key))
                .execute();
        byTeam.invalidateAll();
        return deleted;
    }

    /** Forgets what the cache holds, after an uninstall on this or another instance. */
    void forget() {
        byTeam.invalidateAll();
    }

    private Optional<com.slack.api.token_rotation.RefreshedToken> rotate(
            com.slack.api.RequestConfigurator<com.slack.api.token_rotation.CurrentToken.CurrentTokenBuilder> token) {
        try {
            return rotator.performTokenRotation(token);
        } catch (TokenRotationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tokens that rotate are refreshed shortly before they expire; a refresh that fails keeps the current token. */
    private Installation fresh(Installation installation, String teamId) {
        if (installation.expiresAt().isEmpty()
                || installation.expiresAt().get().isAfter(Instant.now().plus(REFRESH_BEFORE))) {
            return installation;
        }
        try {
            var refreshed = dsl.transactionResult(tx -> {
                var repository = new InstallationRepository(tx.dsl(), seal);
                var current = repository
                        .find(installation.enterpriseId(), teamId, true)
                        .orElse(installation);
                if (current.refreshToken().isEmpty()) {
                    return current;
                }
                var rotated = rotate(r -> r.accessToken(current.botToken())
                        .refreshToken(current.refreshToken().get())
                        .expiresAt(
                                current.expiresAt().map(Instant::toEpochMilli).orElse(0L)));
                if (rotated.isEmpty()) {
                    return current; // another instance refreshed it meanwhile
                }
                var next = current.withTokens(
                        rotated.get().getAccessToken(),
                        Optional.ofNullable(rotated.get().getRefreshToken()),
                        Optional.of(Instant.ofEpochMilli(rotated.get().getExpiresAt())));
                repository.updateTokens(next);
                return next;
            });
            byTeam.invalidate(teamId);
            return refreshed;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof TokenRotationException ? e.getCause() : e;
            log.warn("Refreshing the token of {} failed; using the current one: {}", installation, cause.toString());
            return installation;
        }
    }
}
