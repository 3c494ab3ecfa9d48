package lodestar.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The HTTP server: Slack's requests at {@code /slack/events}, the install pages at {@code /slack/install} and
 * {@code /slack/oauth_redirect} (many workspaces only), and a health check at {@code /healthz}.
 */
public final class WebServer implements AutoCloseable {
    static final int RESPONSE_COPY_BUFFER = 4 * 1024;

    private final Javalin javalin;

    private WebServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Starts serving on {@code port} (0 picks a free one). Without a Slack handler (Socket Mode) only the
     * health check is served. The health check adds what {@code slack} says (e.g. {@code "slack":"up"}) to the
     * database's state; only the database decides the status code, since the bot can do nothing without it, while
     * it rides out a Slack outage by itself. Neither may block: the check answers at once.
     */
    public static WebServer start(
            int port,
            Handler slackEvents,
            Handler install,
            Consumer<JavalinConfig> pages,
            BooleanSupplier databaseUp,
            Supplier<Map<String, String>> slack) {
        var javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.port = port;
            // Javalin copies each response through a buffer of this size, new for every response (by default Jetty's
            // output buffer, 32 KiB): most of what a request thread allocated for an ack of a few hundred bytes.
            config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
            if (slackEvents != null) {
                config.routes.post("/slack/events", slackEvents);
            }
            if (install != null) {
                // "Add to Slack", when Lodestar serves many workspaces
                config.routes.get("/slack/install", install);
                config.routes.get("/slack/oauth_redirect", install);
            }
            if (pages != null) {
                pages.accept(config); // the leader dashboard
            }
            config.routes.get("/healthz", ctx -> {
                boolean up = databaseUp.getAsBoolean();
                var health = new LinkedHashMap<String, String>();
                health.put("status", up ? "ok" : "unavailable");
                health.put("database", up ? "up" : "down");
                health.putAll(slack.get());
                ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(health);
            });
        });
        javalin.start();
        return new WebServer(javalin);
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
