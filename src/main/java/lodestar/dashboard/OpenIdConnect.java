package lodestar.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import lodestar.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign in with Slack (OpenID Connect): Slack's authorize page, then {@code openid.connect.token} for the code and
 * {@code openid.connect.userInfo} for who it is. Slack's addresses follow {@code SLACK_API_URL}'s origin, so that a fake
 * Slack can play the whole flow. The ID token comes straight from Slack over the back channel; its nonce and audience
 * are checked, the identity is taken from userInfo.
 */
final class OpenIdConnect {
    private static final Logger log = LoggerFactory.getLogger(OpenIdConnect.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Slack slack;
    private final Config.OAuthApp app;
    private final String authorizeUrl;

    OpenIdConnect(Slack slack, Config.OAuthApp app, String slackApiUrl) {
        this.slack = slack;
        this.app = app;
        var api = URI.create(slackApiUrl);
        this.authorizeUrl = api.getScheme() + "://" + api.getAuthority() + "/openid/connect/authorize";
    }

    /** Slack's page that asks the person to sign in, coming back to {@code redirectUri}. */
    String authorize(String state, String nonce, String redirectUri) {
        return authorizeUrl + "?response_type=code&scope=" + encode("openid profile") + "&client_id="
                + encode(app.clientId()) + "&state=" + encode(state) + "&nonce=" + encode(nonce) + "&redirect_uri="
                + encode(redirectUri);
    }

    /** Who the code belongs to, when Slack vouches for it and the ID token carries {@code nonce}; empty otherwise. */
    Optional<SlackIdentity> identify(String code, String redirectUri, String nonce) {
        try {
            var token = slack.methods()
                    .openIDConnectToken(r -> r.clientId(app.clientId())
                            .clientSecret(app.clientSecret())
                            .code(code)
                            .redirectUri(redirectUri));
            if (!token.isOk() || token.getIdToken() == null) {
                log.warn("Sign in with Slack: openid.connect.token failed: {}", token.getError());
                return Optional.empty();
            }
            var claims = JSON.readTree(
                    Base64.getUrlDecoder().decode(token.getIdToken().split("\\.")[1]));
            if (!nonce.equals(claims.path("nonce").asText())
                    || !app.clientId().equals(claims.path("aud").asText())) {
                log.warn("Sign in with Slack: the ID token's nonce or audience is not ours; refused");
                return Optional.empty();
            }
            var info = slack.methods(token.getAccessToken()).openIDConnectUserInfo(r -> r);
            if (!info.isOk() || info.getTeamId() == null || info.getUserId() == null) {
                log.warn("Sign in with Slack: openid.connect.userInfo failed: {}", info.getError());
                return Optional.empty();
            }
            return Optional.of(new SlackIdentity(
                    info.getTeamId(), info.getUserId(), info.getName() == null ? info.getUserId() : info.getName()));
        } catch (IOException | SlackApiException | RuntimeException e) {
            log.warn("Sign in with Slack failed: {}", e.toString());
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
