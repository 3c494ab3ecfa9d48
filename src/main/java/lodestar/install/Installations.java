package lodestar.install;

import static lodestar.db.schema.Tables.INSTALLATION;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.RequestConfigurator;
import com.slack.api.methods.MethodsClient;
import com.slack.api.token_rotation.CurrentToken;
import com.slack.api.token_rotation.RefreshedToken;
import com.slack.api.token_rotation.TokenRotationException;
import com.slack.api.token_rotation.TokenRotator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import lodestar.Config;
import lodestar.secret.ServerSecret;
import lodestar.slack.Tokens;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installations of a Lodestar that serves many workspaces, and the token each workspace is acted for with,
 * whoever asks (a request through Bolt, the outbox's courier, a scheduled job). Read through a short cache. A token
 * that rotates is refreshed here, and only here, before it expires: once across instances, as its row is locked while
 * Slack is asked (a refresh token works once).
 */
public final class Installations implements Tokens {
    /** Refreshed this long before it expires; Bolt's own refresh is set shorter, so that it never comes first. */
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(Installations.class);
    private static final Duration CACHED = Duration.ofSeconds(30);

    private final DSLContext dsl;
    private final TokenSeal seal;
    private final TokenRotator rotator;
    private final Cache<String, Optional<Installation>> byTeam =
            Caffeine.newBuilder().expireAfterWrite(CACHED).maximumSize(10_000).build();
    /** Workspaces whose organisation was recorded since they were last uninstalled. */
    private final Set<String> organisationKnown = ConcurrentHashMap.newKeySet();

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
        return byTeam.get(teamId, team -> find(null, team)).map(this::fresh).map(Installation::botToken);
    }

    /** The installation that serves the workspace (its own, or its organisation's org-wide one). */
    public Optional<Installation> find(String enterpriseId, String teamId) {
        return new InstallationRepository(dsl, seal).find(enterpriseId, teamId, false);
    }

    /** The same, its token refreshed first when it is about to expire: what Bolt acts with on a request. */
    Optional<Installation> findFresh(String enterpriseId, String teamId) {
        return find(enterpriseId, teamId).map(this::fresh);
    }

    public void save(Installation installation) {
        dsl.transaction(tx -> new InstallationRepository(tx.dsl(), seal).save(installation));
        forget();
        log.info("Installed: {}", installation);
    }

    /** Forgets an installation, in the caller's transaction. */
    int delete(DSLContext tx, String key) {
        int deleted = tx.deleteFrom(INSTALLATION)
                .where(INSTALLATION.INSTALL_KEY.eq(key))
                .execute();
        forget();
        return deleted;
    }

    /** Whether the organisation of the workspace is to be recorded: once, until it is uninstalled. */
    boolean organisationUnknown(String teamId) {
        return !organisationKnown.contains(teamId);
    }

    void organisationRecorded(String teamId) {
        organisationKnown.add(teamId);
        byTeam.invalidate(teamId);
    }

    /** Records tokens Bolt refreshed itself (it should not need to: see {@link #findFresh}), under the row's lock. */
    void refreshedElsewhere(Installation installation) {
        dsl.transaction(tx -> {
            var repository = new InstallationRepository(tx.dsl(), seal);
            repository.byKey(installation.key(), true).ifPresent(current -> repository.updateTokens(installation));
        });
        byTeam.invalidateAll();
    }

    /** Forgets what the caches hold, after an install or an uninstall. */
    void forget() {
        byTeam.invalidateAll();
        organisationKnown.clear();
    }

    /**
     * Tokens that rotate are refreshed before they expire; a refresh that fails keeps the current token. Tokens expire
     * on Slack's clock, real time, whatever clock the features run on.
     */
    private Installation fresh(Installation installation) {
        if (installation.expiresAt().isEmpty()
                || installation.expiresAt().get().isAfter(Instant.now().plus(REFRESH_BEFORE))) {
            return installation;
        }
        try {
            var refreshed = dsl.transactionResult(tx -> {
                var repository = new InstallationRepository(tx.dsl(), seal);
                var current = repository.byKey(installation.key(), true).orElse(installation);
                if (current.refreshToken().isEmpty()
                        || current.expiresAt()
                                .map(at -> at.isAfter(Instant.now().plus(REFRESH_BEFORE)))
                                .orElse(true)) {
                    return current; // refreshed by another instance meanwhile
                }
                var rotated = rotate(r -> r.accessToken(current.botToken())
                        .refreshToken(current.refreshToken().get())
                        .expiresAt(
                                current.expiresAt().map(Instant::toEpochMilli).orElse(0L)));
                if (rotated.isEmpty()) {
                    return current;
                }
                var next = current.withTokens(
                        rotated.get().getAccessToken(),
                        Optional.ofNullable(rotated.get().getRefreshToken()),
                        Optional.of(Instant.ofEpochMilli(rotated.get().getExpiresAt())));
                repository.updateTokens(next);
                log.info("Refreshed the rotating token of {}", next);
                return next;
            });
            byTeam.invalidateAll();
            return refreshed;
        } catch (RuntimeException e) {
            log.warn("Refreshing the token of {} failed; using the current one: {}", installation, e.toString());
            return installation;
        }
    }

    private Optional<RefreshedToken> rotate(RequestConfigurator<CurrentToken.CurrentTokenBuilder> token) {
        try {
            return rotator.performTokenRotation(token);
        } catch (TokenRotationException e) {
            throw new IllegalStateException(e);
        }
    }
}
