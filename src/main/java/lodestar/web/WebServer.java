package lodestar.web;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The HTTP server: Slack's requests at {@code /slack/events} and a health check at {@code /healthz}. */
public final class WebServer implements AutoCloseable {
    private final Javalin javalin;

    private WebServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Starts serving on {@code port} (0 picks a free one). Without a Slack handler (Socket Mode) only the
     * health check is served.
     */
    public static WebServer start(int port, Handler slackEvents, BooleanSupplier databaseUp) {
        var javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.port = port;
            if (slackEvents != null) {
                config.routes.post("/slack/events", slackEvents);
            }
            config.routes.get("/healthz", ctx -> {
                boolean up = databaseUp.getAsBoolean();
                ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .json(Map.of("status", up ? "ok" : "unavailable", "database", up ? "up" : "down"));
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
