package lodestar.install;

import java.time.Instant;
import java.util.Optional;

/**
 * Lodestar installed by "Add to Slack" in one workspace, or org-wide in an Enterprise Grid organisation
 * ({@code enterpriseInstall}, no team). Its tokens are in clear here, in memory only; the database holds them sealed.
 */
public record Installation(
        String teamId,
        String enterpriseId,
        boolean enterpriseInstall,
        String appId,
        String botId,
        String botUserId,
        String botScopes,
        String botToken,
        Optional<String> refreshToken,
        Optional<Instant> expiresAt,
        String installerUserId,
        Instant installedAt) {

    public Installation {
        if (enterpriseInstall ? enterpriseId == null : teamId == null) {
            throw new IllegalArgumentException("An installation is for a workspace, or org-wide for an organisation");
        }
    }

    /** What identifies it: the workspace, or the organisation of an org-wide install. */
    public String key() {
        return key(enterpriseInstall, enterpriseId, teamId);
    }

    static String key(boolean enterpriseInstall, String enterpriseId, String teamId) {
        return enterpriseInstall ? "E:" + enterpriseId : "T:" + teamId;
    }

    Installation withTokens(String botToken, Optional<String> refreshToken, Optional<Instant> expiresAt) {
        return new Installation(
                teamId,
                enterpriseId,
                enterpriseInstall,
                appId,
                botId,
                botUserId,
                botScopes,
                botToken,
                refreshToken,
                expiresAt,
                installerUserId,
                installedAt);
    }

    @Override
    public String toString() {
        return "Installation[" + key() + ", bot " + botUserId + "]";
    }
}
