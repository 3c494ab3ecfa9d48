package lodestar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lodestar.slack.Backoff;
import lodestar.slack.SlackConnection;
import lodestar.slack.TokenRefused;
import lodestar.testing.Eventually;
import lodestar.testing.FakeSlack;
import lodestar.testing.Logs;
import lodestar.testing.SlackRequests;
import lodestar.testing.Starts;
import lodestar.testing.TestDatabase;
import lodestar.testing.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The start checks the bot token with Slack's auth.test, and learns the bot's own workspace from it. */
class SlackStartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100));

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

    private App start(String slackApiUrl) {
        app = Starts.start(Starts.http(slackApiUrl, dir), FAST);
        return app;
    }

    private boolean recorded(String teamId) {
        return app.workspace().service().exists(teamId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_auth", "not_authed", "account_inactive", "token_revoked"})
    void refusedBotToken_stopsTheStart_withOneAsciiLineNamingTheVariable(String error) {
        slack.answer(
                "auth.test", params -> JSON.createObjectNode().put("ok", false).put("error", error));

        assertThatThrownBy(() -> start(slack.apiUrl()))
                .isInstanceOf(TokenRefused.class)
                .satisfies(e -> {
                    String line = "lodestar: could not start: " + App.rootMessage(e);
                    assertThat(line).contains("SLACK_BOT_TOKEN", error, "OAuth & Permissions");
                    assertThat(line).doesNotContain("\n", "\r");
                    assertThat(line.chars()).allMatch(c -> c >= 32 && c < 127);
                });
    }

    @Test
    void unreachableSlack_startsAnyway_warnsOnce_andHealthzSaysSlackIsUnreachable() {
        try (var logs = Logs.capture()) {
            start("http://localhost:" + Starts.closedPort() + "/api/");

            var health = Starts.health(app);
            assertThat(health.path("http").asInt()).isEqualTo(200);
            assertThat(health.path("status").asText()).isEqualTo("ok");
            assertThat(health.path("database").asText()).isEqualTo("up");
            assertThat(health.path("slack").asText()).isEqualTo("unreachable");
            assertThat(logs.lines(SlackConnection.class, Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("could not be reached", "SLACK_BOT_TOKEN", "ConnectException");
        }
    }

    @Test
    void slackFailingWith5xx_isAskedAgainInTheBackground_untilHealthzSaysUp_andTheWorkspaceIsRecorded() {
        for (int i = 0; i < 10_000; i++) {
            slack.failNext("auth.test", 503, Map.of(), "{\"ok\":false}");
        }
        try (var logs = Logs.capture()) {
            start(slack.apiUrl());

            assertThat(Starts.health(app).path("slack").asText()).isEqualTo("unreachable");
            Eventually.await(
                    "auth.test is tried again", () -> slack.calls("auth.test").size() >= 4);
            assertThat(logs.lines(SlackConnection.class, Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("HTTP 503");
            assertThat(recorded(FakeSlack.TEAM)).isFalse();

            slack.reset(); // Slack answers again

            Eventually.await(
                    "/healthz says Slack is up",
                    () -> Starts.health(app).path("slack").asText().equals("up"));
            assertThat(recorded(FakeSlack.TEAM)).isTrue();
            assertThat(logs.lines(SlackConnection.class, Level.WARN)).hasSize(1);
            var reply = new SlackRequests(app.port(), slack).command("/cx", "help", Users.ALICE);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.text()).contains("/kudos");
        }
    }

    @Test
    void healthz_saysSlackIsUp_whenTheTokenIsValid() {
        start(slack.apiUrl());

        var health = Starts.health(app);
        assertThat(health.path("http").asInt()).isEqualTo(200);
        assertThat(health.path("slack").asText()).isEqualTo("up");
        assertThat(health.has("socket")).isFalse();
    }

    @Test
    void firstStart_recordsTheBotsWorkspace_soQuotesCanBeImportedAtOnce() throws Exception {
        start(slack.apiUrl()).close();
        app = null;

        Path file = dir.resolve("quotes.csv");
        Files.writeString(
                file,
                "text,sentiment,author,source,tags,date\n"
                        + "\"Your support engineer stayed on the call until our payroll ran.\",praise,ops lead,,,\n",
                StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = ImportQuotes.run(
                List.of("--team", FakeSlack.TEAM, file.toString()),
                Starts.http(slack.apiUrl(), dir),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Imported 1 quotes into " + FakeSlack.TEAM);
    }

    @Test
    void close_logsOneLineThatTheBotStopped() {
        try (var logs = Logs.capture()) {
            start(slack.apiUrl());

            app.close();
            app.close();

            assertThat(logs.lines(App.class, Level.INFO))
                    .filteredOn(line -> line.contains("stopped"))
                    .containsExactly("Lodestar stopped");
        }
    }
}
