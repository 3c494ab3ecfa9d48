package lodestar.slack;

import com.google.gson.JsonParser;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.impl.SocketModeClientJavaWSImpl;
import com.slack.api.socket_mode.queue.impl.ConcurrentLinkedMessageQueue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Slack's requests over Socket Mode: asks {@code apps.connections.open} for a WebSocket URL with the app token and
 * connects to it. A token Slack refuses at start stops the bot; a Slack it cannot reach, a connection that fails or
 * one that drops is tried again, waiting longer after each failure in a row (one log line each), and
 * {@link #health()} says whether the bot is connected. Every connection attempt runs on one thread, in turn.
 */
public final class SocketConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);

    private final Slack slack;
    private final String appToken;
    private final SocketBridge bridge;
    private final Backoff backoff;
    private final ScheduledExecutorService attempts;
    private volatile boolean connected;
    private volatile boolean closed;
    // Only touched on the attempts thread:
    private Client current;
    private int failures;

    private SocketConnection(Slack slack, String appToken, App bolt, Backoff backoff) {
        this.slack = slack;
        this.appToken = appToken;
        this.bridge = new SocketBridge(bolt);
        this.backoff = backoff;
        this.attempts = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "lodestar-socket-mode");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the first connection; throws {@link TokenRefused} when Slack refuses the app token. When Slack cannot be
     * reached, the bot starts all the same and keeps trying.
     */
    public static SocketConnection start(Slack slack, String appToken, App bolt, Backoff backoff) {
        var connection = new SocketConnection(slack, appToken, bolt, backoff);
        var outcome = connection.open();
        if (outcome instanceof SlackCheck.Refused<AppsConnectionsOpenResponse> refused) {
            connection.close();
            throw TokenRefused.appToken(refused.error());
        }
        connection.attempts.execute(() -> connection.opened(outcome));
        return connection;
    }

    /** For {@code /healthz}: {@code connected}, or {@code disconnected} while connecting or waiting to try again. */
    public String health() {
        return connected ? "connected" : "disconnected";
    }

    private SlackCheck.Outcome<AppsConnectionsOpenResponse> open() {
        return SlackCheck.attempt(() -> slack.methods(appToken).appsConnectionsOpen(r -> r.token(appToken)));
    }

    private void attempt() {
        if (!closed) {
            opened(open());
        }
    }

    private void opened(SlackCheck.Outcome<AppsConnectionsOpenResponse> outcome) {
        if (outcome instanceof SlackCheck.Answered<AppsConnectionsOpenResponse> answered) {
            connect(answered.response().getUrl());
        } else if (outcome instanceof SlackCheck.Refused<AppsConnectionsOpenResponse> refused) {
            log.error(
                    "Socket Mode stopped: {}",
                    TokenRefused.appToken(refused.error()).getMessage());
        } else {
            failed("Slack could not be reached (" + ((SlackCheck.Unreachable<?>) outcome).reason() + ")");
        }
    }

    private void connect(String url) {
        var previous = current;
        try {
            current = new Client(url);
        } catch (URISyntaxException e) {
            failed("Slack gave a malformed URL (" + e.getMessage() + ")");
            return;
        }
        current.connect();
        if (previous != null) {
            closeQuietly(previous);
        }
    }

    private void failed(String reason) {
        connected = false;
        failures++;
        Duration delay = backoff.delay(failures);
        if (failures == 1) {
            log.warn("Socket Mode: {}; trying again in {}", reason, seconds(delay));
        } else {
            log.info("Socket Mode: {}; {} failures in a row, trying again in {}", reason, failures, seconds(delay));
        }
        attempts.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void hello(Client client) {
        if (client == current) {
            connected = true;
            failures = 0;
            log.info("Socket Mode connected");
        }
    }

    /** A connection failed or closed; only the current one's first report counts. */
    private void lost(Client client, String reason) {
        if (client == current && !client.lost && !closed) {
            client.lost = true;
            failed((client.greeted ? "the connection was lost (" : "could not connect (") + reason + ")");
        }
    }

    /** Slack asked for a new connection (it rotates them): the old one is closed once the new one is open. */
    private void refresh(Client client) {
        if (client == current && !closed) {
            log.info("Socket Mode: Slack asked the bot to reconnect");
            client.lost = true;
            attempt();
        }
    }

    /** Runs on the attempts thread; does nothing once closed. */
    private void post(Runnable task) {
        try {
            attempts.execute(task);
        } catch (RejectedExecutionException stopped) {
            // closing: nothing more to do
        }
    }

    /** Slack's first message on a new connection: from then on the bot is connected. */
    private static boolean isHello(String message) {
        try {
            var type = JsonParser.parseString(message).getAsJsonObject().get("type");
            return type != null && "hello".equals(type.getAsString());
        } catch (RuntimeException notAnObject) {
            return false;
        }
    }

    private static String seconds(Duration delay) {
        return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + " s" : delay.toMillis() + " ms";
    }

    private static void closeQuietly(SocketModeClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            log.debug("A Socket Mode connection did not close cleanly", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        connected = false;
        attempts.shutdownNow();
        try {
            attempts.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (current != null) {
            closeQuietly(current);
        }
    }

    /**
     * One WebSocket connection, reporting to this class instead of reconnecting by itself: the SDK's session monitor
     * would retry every 5 seconds forever, and log each failure with a stack trace.
     */
    private final class Client extends SocketModeClientJavaWSImpl {
        private boolean greeted; // on the attempts thread
        private boolean lost; // on the attempts thread

        Client(String url) throws URISyntaxException {
            super(
                    slack,
                    appToken,
                    url,
                    DEFAULT_MESSAGE_PROCESSOR_CONCURRENCY,
                    new ConcurrentLinkedMessageQueue(),
                    false,
                    false,
                    DEFAULT_SESSION_MONITOR_INTERVAL_MILLISECONDS);
            addWebSocketMessageListener(message -> {
                if (isHello(message)) {
                    post(() -> {
                        greeted = true;
                        hello(this);
                    });
                } else {
                    bridge.handle(message, this);
                }
            });
            addWebSocketErrorListener(error -> post(() -> lost(this, SlackCheck.describe(error))));
            addWebSocketCloseListener((code, reason) -> post(() -> lost(this, "closed with code " + code)));
        }

        @Override
        public void connectToNewEndpoint() {
            post(() -> refresh(this));
        }

        /** This class logs what matters, once per attempt; the SDK's own lines would repeat it with stack traces. */
        @Override
        public Logger getLogger() {
            return NOPLogger.NOP_LOGGER;
        }
    }
}
