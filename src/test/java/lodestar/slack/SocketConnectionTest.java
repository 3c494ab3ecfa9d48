package lodestar.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lodestar.App;
import lodestar.testing.Eventually;
import lodestar.testing.FakeSlack;
import lodestar.testing.Logs;
import lodestar.testing.Starts;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket Mode off the happy path: a refused app token stops the start, while an unreachable Slack or WebSocket
 * endpoint is tried again, waiting longer each time, and /healthz says whether the socket is connected.
 */
class SocketConnectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(160));

    @TempDir
    Path dir;

    private final FakeSlack slack = new FakeSlack();
    private App app;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.get().truncate();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        slack.close();
    }

    private void start(String slackApiUrl) {
        app = Starts.start(Starts.socketMode(slackApiUrl, dir), FAST);
    }

    private String socket() {
        return Starts.health(app).path("socket").asText();
    }

    @Test
    void refusedAppToken_stopsTheStart_withOneLineNamingSlackAppToken() {
        slack.answer(
                "apps.connections.open",
                params -> JSON.createObjectNode().put("ok", false).put("error", "invalid_auth"));

        assertThatThrownBy(() -> start(slack.apiUrl()))
                .isInstanceOf(TokenRefused.class)
                .hasMessageContaining("SLACK_APP_TOKEN")
                .hasMessageContaining("invalid_auth")
                .hasMessageContaining("connections:write")
                .hasMessageNotContaining("SLACK_BOT_TOKEN")
                .message()
                .doesNotContain("\n");
    }

    @Test
    void unreachableEndpoint_startsDisconnected_backsOff_withOneLinePerAttempt_andConnectsWhenItIsBack() {
        var opened = new CopyOnWriteArrayList<Long>();
        String unreachable = "ws://localhost:" + Starts.closedPort() + "/socket";
        slack.answer("apps.connections.open", params -> {
            opened.add(System.nanoTime());
            return JSON.createObjectNode().put("ok", true).put("url", unreachable);
        });
        try (var logs = Logs.capture()) {
            start(slack.apiUrl());

            var health = Starts.health(app);
            assertThat(health.path("http").asInt()).isEqualTo(200);
            assertThat(health.path("slack").asText()).isEqualTo("up");
            assertThat(health.path("socket").asText()).isEqualTo("disconnected");

            Eventually.await("six attempts", () -> opened.size() >= 6);
            List<Long> times = List.copyOf(opened);
            for (int failures = 1; failures < 6; failures++) {
                long gapMillis = Duration.ofNanos(times.get(failures) - times.get(failures - 1))
                        .toMillis();
                assertThat(gapMillis)
                        .as("wait after %d failures", failures)
                        .isGreaterThanOrEqualTo(FAST.delay(failures).toMillis() - 2);
            }
            var lines = logs.lines(SocketConnection.class, Level.INFO);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(5).allMatch(line -> line.contains("could not connect"));
            assertThat(logs.lines(SocketConnection.class, Level.WARN))
                    .as("warned once")
                    .hasSize(1);
            assertThat(logs.withStackTraces()).isEmpty();
            assertThat(socket()).isEqualTo("disconnected");

            slack.reset(); // the standard answer: the fake's own WebSocket, which says hello

            Eventually.await("the socket connects", () -> socket().equals("connected"));
        }
    }

    @Test
    void unreachableSlack_startsAnyway_withSlackAndTheSocketReportedDown() {
        var env = Starts.socketMode("http://localhost:" + Starts.closedPort() + "/api/", dir);
        // Tokens this JVM has not used: the SDK caches each token's team for good once Slack has named it.
        env.put("SLACK_BOT_TOKEN", "xoxb-never-seen-" + System.nanoTime());
        env.put("SLACK_APP_TOKEN", "xapp-never-seen-" + System.nanoTime());
        try (var logs = Logs.capture()) {
            app = Starts.start(env, FAST);
            Eventually.await(
                    "a second attempt",
                    () -> logs.lines(SocketConnection.class, Level.INFO).size() >= 2);

            var health = Starts.health(app);
            assertThat(health.path("http").asInt()).isEqualTo(200);
            assertThat(health.path("slack").asText()).isEqualTo("unreachable");
            assertThat(health.path("socket").asText()).isEqualTo("disconnected");
            assertThat(logs.lines(SocketConnection.class, Level.WARN))
                    .first()
                    .asString()
                    .contains("Slack could not be reached", "ConnectException");
            assertThat(logs.withStackTraces()).isEmpty();
        }
    }
}
