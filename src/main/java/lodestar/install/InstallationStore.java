package lodestar.install;

import com.slack.api.bolt.model.Bot;
import com.slack.api.bolt.model.Installer;
import com.slack.api.bolt.model.builtin.DefaultBot;
import com.slack.api.bolt.model.builtin.DefaultInstaller;
import com.slack.api.bolt.service.InstallationService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Bolt's view of the installations: Bolt stores one when an install completes, and finds the bot of each request's
 * workspace (refusing a workspace Lodestar is not installed in, with {@link #NOT_INSTALLED}). Only the bot token is
 * kept: Lodestar asks for no user token.
 */
final class InstallationStore implements InstallationService {
    static final String NOT_INSTALLED = "Lodestar isn't installed in this workspace (or was removed from it): ask a"
            + " Slack admin to add it again with its *Add to Slack* link, then try once more.";

    private final Installations installations;
    private final Clock clock;

    InstallationStore(Installations installations, Clock clock) {
        this.installations = installations;
        this.clock = clock;
    }

    @Override
    public boolean isHistoricalDataEnabled() {
        return false;
    }

    @Override
    public void setHistoricalDataEnabled(boolean enabled) {
        if (enabled) {
            throw new UnsupportedOperationException("Lodestar keeps the latest installation only");
        }
    }

    @Override
    public void saveInstallerAndBot(Installer installer) {
        boolean enterpriseInstall = Boolean.TRUE.equals(installer.getIsEnterpriseInstall());
        installations.save(new Installation(
                enterpriseInstall ? null : installer.getTeamId(),
                installer.getEnterpriseId(),
                enterpriseInstall,
                installer.getAppId(),
                installer.getBotId(),
                installer.getBotUserId(),
                installer.getBotScope(),
                installer.getBotAccessToken(),
                Optional.ofNullable(installer.getBotRefreshToken()),
                Optional.ofNullable(installer.getBotTokenExpiresAt()).map(Instant::ofEpochMilli),
                installer.getInstallerUserId(),
                Optional.ofNullable(installer.getInstalledAt())
                        .map(Instant::ofEpochMilli)
                        .orElse(clock.instant())));
    }

    @Override
    public void saveBot(Bot bot) {
        // Bolt saves a bot after refreshing its token itself, which it should not need to (findBot gives it a token
        // refreshed already, with more time left than Bolt's threshold); if it does, the row is updated under its lock.
        installations
                .find(bot.getEnterpriseId(), bot.getTeamId())
                .ifPresent(installation -> installations.refreshedElsewhere(installation.withTokens(
                        bot.getBotAccessToken(),
                        Optional.ofNullable(bot.getBotRefreshToken()),
                        Optional.ofNullable(bot.getBotTokenExpiresAt()).map(Instant::ofEpochMilli))));
    }

    @Override
    public Bot findBot(String enterpriseId, String teamId) {
        return installations
                .findFresh(enterpriseId, teamId)
                .map(InstallationStore::toBot)
                .orElse(null);
    }

    @Override
    public Installer findInstaller(String enterpriseId, String teamId, String userId) {
        return installations
                .find(enterpriseId, teamId)
                .map(installation -> {
                    var installer = new DefaultInstaller();
                    var bot = toBot(installation);
                    installer.setAppId(bot.getAppId());
                    installer.setEnterpriseId(bot.getEnterpriseId());
                    installer.setTeamId(bot.getTeamId());
                    installer.setIsEnterpriseInstall(bot.getIsEnterpriseInstall());
                    installer.setBotId(bot.getBotId());
                    installer.setBotUserId(bot.getBotUserId());
                    installer.setBotScope(bot.getBotScope());
                    installer.setBotAccessToken(bot.getBotAccessToken());
                    installer.setBotRefreshToken(bot.getBotRefreshToken());
                    installer.setBotTokenExpiresAt(bot.getBotTokenExpiresAt());
                    installer.setInstallerUserId(installation.installerUserId());
                    installer.setInstalledAt(bot.getInstalledAt());
                    return (Installer) installer;
                })
                .orElse(null);
    }

    @Override
    public void deleteBot(Bot bot) {
        // Uninstalling deletes the installation with the workspace's data (Uninstall), never on its own.
    }

    @Override
    public void deleteInstaller(Installer installer) {
        // As above.
    }

    @Override
    public String getInstallationGuideText(String enterpriseId, String teamId, String userId) {
        return NOT_INSTALLED;
    }

    private static Bot toBot(Installation installation) {
        var bot = new DefaultBot();
        bot.setAppId(installation.appId());
        bot.setEnterpriseId(installation.enterpriseId());
        bot.setTeamId(installation.teamId());
        bot.setIsEnterpriseInstall(installation.enterpriseInstall());
        bot.setBotId(installation.botId());
        bot.setBotUserId(installation.botUserId());
        bot.setBotScope(installation.botScopes());
        bot.setBotAccessToken(installation.botToken());
        bot.setBotRefreshToken(installation.refreshToken().orElse(null));
        bot.setBotTokenExpiresAt(
                installation.expiresAt().map(Instant::toEpochMilli).orElse(null));
        bot.setInstalledAt(installation.installedAt().toEpochMilli());
        return bot;
    }
}
