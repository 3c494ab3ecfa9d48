package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import lodestar.App;
import lodestar.Config;
import lodestar.Seams;
import lodestar.slack.Backoff;

/**
 * Starts the bot as {@code java -jar} does, from environment variables, on the test run's PostgreSQL: for tests of
 * the start itself (what a refused token or an unreachable Slack does), which {@link Harness} starts only once.
 */
public final class Starts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Starts() {}

    /** The environment of a bot over HTTP that calls Slack's Web API at {@code slackApiUrl}. */
    public static Map<String, String> http(String slackApiUrl, Path dataDir) {
        var db = TestDatabase.get().url();
        var env = new HashMap<String, String>();
        env.put("SLACK_BOT_TOKEN", "xoxb-test-token");
        env.put("SLACK_SIGNING_SECRET", SlackRequests.SIGNING_SECRET);
        env.put("DATABASE_URL", db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user());
        env.put("PORT", "0");
        env.put("SLACK_API_URL", slackApiUrl);
        env.put("LODESTAR_DATA_DIR", dataDir.toString());
        env.put("LODESTAR_SECRET", Harness.SERVER_SECRET);
        return env;
    }

    /** The environment of a bot over Socket Mode. */
    public static Map<String, String> socketMode(String slackApiUrl, Path dataDir) {
        var env = http(slackApiUrl, dataDir);
        env.remove("SLACK_SIGNING_SECRET");
        env.put("SLACK_APP_TOKEN", "xapp-test-token");
        return env;
    }

    /** Starts the bot on the system clock, retrying Slack on {@code backoff}. */
    public static App start(Map<String, String> env, Backoff backoff) {
        return App.start(
                Config.fromEnvironment(env),
                new Seams(Clock.systemUTC(), Runnable::run, duration -> {}, false).withSlackBackoff(backoff));
    }

    /** What {@code GET /healthz} answers, with its status code as {@code "http"}. */
    public static JsonNode health(App app) {
        try {
            var response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/healthz"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            var json = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(response.body());
            return json.put("http", response.statusCode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A local port nothing listens on: connecting to it is refused at once. */
    public static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
