package lodestar.install;

import static lodestar.db.Timestamps.utc;
import static lodestar.db.schema.Tables.INSTALLATION;
import static lodestar.db.schema.Tables.WORKSPACE;

import java.time.OffsetDateTime;
import java.util.Optional;
import lodestar.db.schema.tables.records.InstallationRecord;
import org.jooq.DSLContext;

/** Installations, their tokens sealed. Runs in the caller's transaction. */
final class InstallationRepository {
    private final DSLContext dsl;
    private final TokenSeal seal;

    InstallationRepository(DSLContext dsl, TokenSeal seal) {
        this.dsl = dsl;
        this.seal = seal;
    }

    /** Records an installation, replacing the workspace's (or organisation's) previous one: a reinstall. */
    void save(Installation installation) {
        var record = dsl.newRecord(INSTALLATION);
        record.setInstallKey(installation.key());
        record.setTeamId(installation.enterpriseInstall() ? null : installation.teamId());
        record.setEnterpriseId(installation.enterpriseId());
        record.setIsEnterpriseInstall(installation.enterpriseInstall());
        record.setAppId(installation.appId());
        record.setBotId(installation.botId());
        record.setBotUserId(installation.botUserId());
        record.setBotScopes(installation.botScopes());
        record.setBotToken(seal.seal(installation.key(), installation.botToken()));
        record.setBotRefreshToken(installation
                .refreshToken()
                .map(token -> seal.seal(installation.key(), token))
                .orElse(null));
        record.setBotTokenExpiresAt(installation.expiresAt().map(at -> utc(at)).orElse(null));
        record.setInstallerUserId(installation.installerUserId());
        record.setInstalledAt(utc(installation.installedAt()));
        dsl.insertInto(INSTALLATION)
                .set(record)
                .onConflict(INSTALLATION.INSTALL_KEY)
                .doUpdate()
                .set(record)
                .execute();
    }

    /**
     * The installation that serves a workspace: its own, or its organisation's org-wide one ({@code enterpriseId} as
     * the request says, or as the workspace was last seen). Locked when {@code forUpdate}.
     */
    Optional<Installation> find(String enterpriseId, String teamId, boolean forUpdate) {
        if (teamId != null) {
            var own = select(Installation.key(false, null, teamId), forUpdate);
            if (own.isPresent()) {
                return own;
            }
        }
        var organisation = Optional.ofNullable(enterpriseId)
                .or(() -> teamId == null
                        ? Optional.empty()
                        : dsl.select(WORKSPACE.ENTERPRISE_ID)
                                .from(WORKSPACE)
                                .where(WORKSPACE.TEAM_ID.eq(teamId))
                                .fetchOptional(WORKSPACE.ENTERPRISE_ID));
        return organisation.flatMap(id -> select(Installation.key(true, id, null), forUpdate));
    }

    /** The installation with this key, locked when {@code forUpdate}. */
    Optional<Installation> byKey(String key, boolean forUpdate) {
        return select(key, forUpdate);
    }

    void updateTokens(Installation installation) {
        dsl.update(INSTALLATION)
                .set(INSTALLATION.BOT_TOKEN, seal.seal(installation.key(), installation.botToken()))
                .set(
                        INSTALLATION.BOT_REFRESH_TOKEN,
                        installation
                                .refreshToken()
                                .map(token -> seal.seal(installation.key(), token))
                                .orElse(null))
                .set(
                        INSTALLATION.BOT_TOKEN_EXPIRES_AT,
                        installation.expiresAt().map(at -> utc(at)).orElse(null))
                .where(INSTALLATION.INSTALL_KEY.eq(installation.key()))
                .execute();
    }

    private Optional<Installation> select(String key, boolean forUpdate) {
        var query = dsl.selectFrom(INSTALLATION).where(INSTALLATION.INSTALL_KEY.eq(key));
        return (forUpdate ? query.forUpdate() : query).fetchOptional().map(this::toInstallation);
    }

    private Installation toInstallation(InstallationRecord r) {
        String key = r.getInstallKey();
        return new Installation(
                r.getTeamId(),
                r.getEnterpriseId(),
                r.getIsEnterpriseInstall(),
                r.getAppId(),
                r.getBotId(),
                r.getBotUserId(),
                r.getBotScopes(),
                seal.open(key, r.getBotToken()),
                Optional.ofNullable(r.getBotRefreshToken()).map(token -> seal.open(key, token)),
                Optional.ofNullable(r.getBotTokenExpiresAt()).map(OffsetDateTime::toInstant),
                r.getInstallerUserId(),
                r.getInstalledAt().toInstant());
    }
}
