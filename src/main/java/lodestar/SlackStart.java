package lodestar;

import com.slack.api.Slack;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import lodestar.install.InstallFeature;
import lodestar.slack.Backoff;
import lodestar.slack.BoltApp;
import lodestar.slack.OwnWorkspace;
import lodestar.slack.SlackConnection;
import lodestar.slack.SocketConnection;
import lodestar.slack.TypedText;
import lodestar.workspace.WorkspaceFeature;

/**
 * How {@link App} meets Slack in its mode (one workspace, over HTTP or Socket Mode, or many installed with "Add to
 * Slack"): the Bolt app it builds, what it checks and opens at start, and what /healthz says about Slack.
 */
final class SlackStart {
    private SlackStart() {}

    /** The Bolt app for the mode, with the door's checks that run before any feature sees a request. */
    static BoltApp bolt(Config config, Slack slackClient, OwnWorkspace ownWorkspace) {
        var bolt = config.oauth()
                .filter(oauth -> config.manyWorkspaces())
                .map(oauth -> BoltApp.forManyWorkspaces(
                        slackClient,
                        oauth.clientId(),
                        oauth.clientSecret(),
                        config.signingSecret().orElseThrow(),
                        InstallFeature.BOT_SCOPES,
                        InstallFeature.APP_PATH,
                        InstallFeature.INSTALL_PATH,
                        InstallFeature.REDIRECT_PATH,
                        InstallFeature.pages()))
                .orElseGet(() -> BoltApp.forOneWorkspace(
                        slackClient,
                        config.botToken().orElseThrow(),
                        config.signingSecret().orElse(null)));
        if (!config.manyWorkspaces()) {
            bolt.useBeforeAuthorization(ownWorkspace); // no feature sees a request from another workspace
        }
        bolt.useBeforeAuthorization(new TypedText()); // no control character reaches a feature
        return bolt;
    }

    /**
     * Checks the bot token with Slack, recording the bot's own workspace, then opens Socket Mode when configured;
     * returns what /healthz says about Slack. A token Slack refuses stops the start; a Slack that cannot be reached
     * does not, and is tried again in the background. What it opens goes on {@code running}, which {@link App} stops.
     */
    static Supplier<Map<String, String>> connect(
            Config config,
            Backoff backoff,
            Slack slackClient,
            BoltApp bolt,
            WorkspaceFeature workspace,
            OwnWorkspace ownWorkspace,
            Deque<AutoCloseable> running) {
        if (config.manyWorkspaces()) {
            bolt.start(); // no token to check: each installation's was checked when it was installed
            return () -> Map.of("slack", "installations");
        }
        var check = SlackConnection.check(slackClient, config.botToken().orElseThrow(), backoff, own -> {
            if (own.teamId() != null) {
                workspace.service().record(own.teamId(), own.enterpriseId());
            }
            ownWorkspace.set(own);
            bolt.start(); // Bolt's own auth.test, here rather than on the thread of the first request
        });
        running.push(check);
        if (!config.socketMode()) {
            return () -> Map.of("slack", check.health());
        }
        var socket = SocketConnection.start(slackClient, config.appToken().orElseThrow(), bolt, backoff);
        running.push(socket);
        return () -> {
            var health = new LinkedHashMap<String, String>();
            health.put("slack", check.health());
            health.put("socket", socket.health());
            return health;
        };
    }
}
