package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link FakeSlack}'s Socket Mode end: the one connection the bot opens, the envelopes sent and its replies. */
final class FakeSlackSocket {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> socketReplies = new LinkedBlockingQueue<>();
    private volatile CompletableFuture<WsContext> socket = new CompletableFuture<>();

    /** Greets the bot as Slack does when it connects, and keeps what it sends back. */
    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            ctx.send("{\"type\":\"hello\",\"num_connections\":1,\"connection_info\":{\"app_id\":\"A0LODESTAR\"}}");
            socket.complete(ctx);
        });
        ws.onMessage(ctx -> socketReplies.add(JSON.readTree(ctx.message())));
    }

    void sendEnvelope(JsonNode envelope) throws Exception {
        socket.get(30, TimeUnit.SECONDS).send(envelope.toString());
    }

    JsonNode awaitReply(Duration timeout) throws InterruptedException {
        var reply = socketReplies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new AssertionError("No Socket Mode reply within " + timeout);
        }
        return reply;
    }
}
