package lodestar;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;

/**
 * Slash commands as Slack sends them, for {@link LoadGenerator}: the form, with a response_url at the fake Slack, and
 * Slack's signature over it.
 */
final class SignedCommands {
    /** The address the fake Slack takes response_url answers at, without the id. */
    private final String respondAt;

    SignedCommands(String respondAt) {
        this.respondAt = respondAt;
    }

    /** A command's form; its response_url names only the id, the fake Slack's address being added by {@link #signed}. */
    static String form(String command, String text, String userId, String responseId) {
        return Map.of(
                        "team_id",
                        FakeSlack.TEAM,
                        "channel_id",
                        SlackRequests.CHANNEL,
                        "user_id",
                        userId,
                        "command",
                        command,
                        "text",
                        text,
                        "response_url",
                        "RESPONSE_URL/" + responseId,
                        "trigger_id",
                        "trigger-" + responseId)
                .entrySet()
                .stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    HttpRequest signed(int port, String body) {
        String withUrl = body.replace("RESPONSE_URL%2F", URLEncoder.encode(respondAt + "/", StandardCharsets.UTF_8));
        var now = Instant.now();
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(now.getEpochSecond()))
                .header("X-Slack-Signature", SlackRequests.signature(SlackRequests.SIGNING_SECRET, now, withUrl))
                .POST(HttpRequest.BodyPublishers.ofString(withUrl))
                .build();
    }
}
