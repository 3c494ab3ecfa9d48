package lodestar.slack;

import java.util.Set;

/**
 * Slack refused one of the bot's tokens: nothing works until the token is replaced, so the bot stops with one line
 * that names the variable and says what to do.
 */
public final class TokenRefused extends RuntimeException {
    /** Slack's errors that mean the token itself is wrong, as opposed to Slack or the network failing. */
    static final Set<String> ERRORS = Set.of(
            "invalid_auth",
            "not_authed",
            "account_inactive",
            "token_revoked",
            "token_expired",
            "not_allowed_token_type");

    private TokenRefused(String message) {
        super(message);
    }

    static boolean means(String error) {
        return ERRORS.contains(error);
    }

    static TokenRefused botToken(String error) {
        return new TokenRefused("Slack refused SLACK_BOT_TOKEN (" + error + "): copy the Bot User OAuth Token"
                + " (xoxb-...) from your Slack app's OAuth & Permissions page; if the app was uninstalled, install it"
                + " to the workspace again first.");
    }

    static TokenRefused appToken(String error) {
        return new TokenRefused("Slack refused SLACK_APP_TOKEN (" + error + "): create an app-level token (xapp-...)"
                + " with the connections:write scope under Basic Information > App-Level Tokens of your Slack app,"
                + " or unset SLACK_APP_TOKEN to receive Slack's requests over HTTP.");
    }
}
