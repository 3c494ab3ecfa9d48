package lodestar.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.util.json.GsonFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a Socket Mode envelope into Bolt and Bolt's response back as the envelope's ack, as Bolt's own
 * {@code SocketModeApp} does; {@link SocketConnection} uses it instead, to own the connection's errors and retries.
 */
final class SocketBridge {
    private static final Logger log = LoggerFactory.getLogger(SocketBridge.class);

    private final App bolt;
    private final SocketModeRequestParser parser;
    private final Gson gson;

    SocketBridge(App bolt) {
        this.bolt = bolt;
        this.parser = new SocketModeRequestParser(bolt.config());
        this.gson = GsonFactory.createSnakeCase(bolt.slack().getConfig());
    }

    /** Runs an envelope (events, interactions, slash commands) through Bolt; other messages are ignored. */
    void handle(String message, SocketModeClient client) {
        SocketModeRequest request = parser.parse(message);
        if (request == null) {
            return;
        }
        try {
            Response response = bolt.run(request.getBoltRequest());
            if (response.getStatusCode() != 200) {
                log.warn(
                        "A Socket Mode request was refused (HTTP {}: {})",
                        response.getStatusCode(),
                        response.getBody());
                return;
            }
            client.sendSocketModeResponse(ack(request.getEnvelope().getEnvelopeId(), response));
        } catch (Exception e) {
            log.error("Failed to handle a Socket Mode request", e);
        }
    }

    private String ack(String envelopeId, Response response) {
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("envelope_id", envelopeId);
        if (response.getBody() != null) {
            boolean json = response.getContentType() != null
                    && response.getContentType().startsWith("application/json");
            ack.put(
                    "payload",
                    json ? gson.fromJson(response.getBody(), JsonElement.class) : Map.of("text", response.getBody()));
        }
        return gson.toJson(ack);
    }
}
