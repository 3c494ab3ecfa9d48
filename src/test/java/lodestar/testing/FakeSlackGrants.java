package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@link FakeSlack} grants: installs of the app ({@code oauth.v2.access}, with token rotation) and Sign in with
 * Slack ({@code openid.connect.*} and its authorize page), and who each token it gave acts for.
 */
final class FakeSlackGrants {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ObjectNode> grants = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> installed = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> refreshes = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> signIns = new ConcurrentHashMap<>();
    private volatile String[] signInAs;
    private final Map<String, ObjectNode> identities = new ConcurrentHashMap<>();
    /** The fake's counter for timestamps and ids, which the sign-in codes are numbered from too. */
    private final AtomicLong timestamps;

    FakeSlackGrants(AtomicLong timestamps) {
        this.timestamps = timestamps;
    }

    void reset() {
        grants.clear();
        refreshes.clear();
        signIns.clear();
        signInAs = null;
        identities.clear();
    }

    /** See {@link FakeSlack#grantInstall(String, String, String, String)}. */
    void grantInstall(String code, String teamId, String enterpriseId, String botToken) {
        var answer = JSON.createObjectNode()
                .put("ok", true)
                .put("app_id", "A0LODESTAR")
                .put("scope", "chat:write,commands")
                .put("token_type", "bot")
                .put("access_token", botToken)
                .put("bot_user_id", "U0BOT" + (teamId == null ? enterpriseId : teamId))
                .put("is_enterprise_install", teamId == null);
        answer.putObject("authed_user").put("id", "U0INSTALLER");
        if (teamId != null) {
            answer.putObject("team").put("id", teamId).put("name", "Team " + teamId);
        }
        if (enterpriseId != null) {
            answer.putObject("enterprise").put("id", enterpriseId).put("name", "Org " + enterpriseId);
        }
        grants.put(code, answer);
        // auth.test with that token: the workspace it acts for, or, org-wide, the organisation alone
        var identity = JSON.createObjectNode()
                .put("ok", true)
                .put("user_id", "U0BOT" + (teamId == null ? enterpriseId : teamId))
                .put("bot_id", "B0BOT")
                .put("is_enterprise_install", teamId == null);
        if (teamId != null) {
            identity.put("team_id", teamId).put("team", "Team " + teamId);
        }
        if (enterpriseId != null) {
            identity.put("enterprise_id", enterpriseId);
        }
        installed.put(botToken, identity);
    }

    /** See {@link FakeSlack#grantInstall(String, String, String, String, Duration)}. */
    void grantInstall(String code, String teamId, String enterpriseId, String botToken, Duration expiresIn) {
        grantInstall(code, teamId, enterpriseId, botToken);
        String refreshToken = "xoxe-refresh-" + botToken;
        grants.get(code).put("refresh_token", refreshToken).put("expires_in", expiresIn.toSeconds());
        refreshes.put(
                refreshToken,
                JSON.createObjectNode()
                        .put("ok", true)
                        .put("token_type", "bot")
                        .put("access_token", botToken + "-2")
                        .put("refresh_token", refreshToken + "-2")
                        .put("expires_in", 43_200));
        installed.put(botToken + "-2", installed.get(botToken));
    }

    void signInAs(String teamId, String userId, String name) {
        signInAs = new String[] {teamId, userId, name};
    }

    /** See {@link FakeSlack#grantSignIn}. */
    void grantSignIn(String code, String audience, String nonce, String teamId, String userId, String name) {
        var claims = JSON.createObjectNode()
                .put("iss", "https://slack.com")
                .put("aud", audience)
                .put("sub", userId)
                .put("nonce", nonce)
                .put("https://slack.com/team_id", teamId);
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String idToken = encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8))
                + "." + encoder.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8))
                + ".signature";
        String userToken = "xoxp-signin-" + code;
        signIns.put(
                code,
                JSON.createObjectNode()
                        .put("ok", true)
                        .put("access_token", userToken)
                        .put("token_type", "Bearer")
                        .put("id_token", idToken));
        identities.put(
                userToken,
                JSON.createObjectNode()
                        .put("ok", true)
                        .put("sub", userId)
                        .put("https://slack.com/user_id", userId)
                        .put("https://slack.com/team_id", teamId)
                        .put("name", name));
    }

    /** Slack's Sign in with Slack page: the person of signInAs agrees at once, and is sent back with a code. */
    void authorize(Context ctx) {
        var who = signInAs;
        if (who == null) {
            ctx.status(400).result("No one to sign in as: call signInAs first");
            return;
        }
        String code = "code-" + timestamps.incrementAndGet();
        grantSignIn(code, ctx.queryParam("client_id"), ctx.queryParam("nonce"), who[0], who[1], who[2]);
        ctx.redirect(ctx.queryParam("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(ctx.queryParam("state"), StandardCharsets.UTF_8));
    }

    /**
     * The answer to a call about what was granted, or null when the call is about something else: auth.test is
     * answered here only for a token an install gave.
     */
    ObjectNode answer(String method, JsonNode params, String token) {
        switch (method) {
            case "auth.test" -> {
                return token != null && installed.containsKey(token)
                        ? installed.get(token).deepCopy()
                        : null;
            }
            case "openid.connect.userInfo" -> {
                return identities
                        .getOrDefault(
                                String.valueOf(token),
                                JSON.createObjectNode().put("ok", false).put("error", "invalid_auth"))
                        .deepCopy();
            }
            case "openid.connect.token" -> {
                var signIn = signIns.remove(params.path("code").asText());
                if (signIn == null) {
                    return JSON.createObjectNode().put("ok", false).put("error", "invalid_code");
                }
                return signIn;
            }
            case "oauth.v2.access" -> {
                if (params.path("grant_type").asText().equals("refresh_token")) {
                    var refreshed =
                            refreshes.remove(params.path("refresh_token").asText());
                    return refreshed != null
                            ? refreshed
                            : JSON.createObjectNode().put("ok", false).put("error", "invalid_refresh_token");
                }
                var granted = grants.remove(params.path("code").asText());
                if (granted == null) {
                    return JSON.createObjectNode().put("ok", false).put("error", "invalid_code");
                }
                return granted;
            }
            default -> {
                return null;
            }
        }
    }
}
