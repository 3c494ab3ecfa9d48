package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import lodestar.testing.FakeSlack.Call;

/**
 * The calls {@link FakeSlack} recorded, and what tests ask of them; also the answers the bot sends to response URLs,
 * which are recorded as calls of {@code response_url}.
 */
final class FakeSlackCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile boolean keepCalls = true;
    private volatile BiConsumer<String, JsonNode> responses = (id, body) -> {};

    void clear() {
        calls.clear();
    }

    /** See {@link FakeSlack#forLoad}. */
    void forLoad(BiConsumer<String, JsonNode> listener) {
        this.keepCalls = false;
        this.responses = listener;
    }

    /** See {@link FakeSlack#onResponse}. */
    void onResponse(BiConsumer<String, JsonNode> listener) {
        this.responses = listener;
    }

    void record(Call call) {
        if (!keepCalls) {
            return;
        }
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    void responseUrl(Context ctx) throws Exception {
        var body = JSON.readTree(ctx.body());
        responses.accept(ctx.pathParam("id"), body);
        record(new Call("response_url", body));
        ctx.contentType("text/plain").result("ok");
    }

    /** A file's bytes, sent to the upload URL that files.getUploadURLExternal gave. */
    void upload(Context ctx) {
        record(new Call(
                "file_upload",
                JSON.createObjectNode().put("id", ctx.pathParam("id")).put("bytes", ctx.bodyAsBytes().length)));
        ctx.result("OK - " + ctx.bodyAsBytes().length);
    }

    List<Call> all() {
        return List.copyOf(calls);
    }

    List<Call> of(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** The one call of the method, failing if there is not exactly one. */
    Call only(String method) {
        var found = of(method);
        if (found.size() != 1) {
            throw new AssertionError("Expected one " + method + " call but got " + found.size() + ": " + calls);
        }
        return found.get(0);
    }

    /** Waits until {@code method} has been called {@code count} times; returns those calls. */
    List<Call> await(String method, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (of(method).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "Expected " + count + " " + method + " calls within " + timeout + " but got: " + calls);
                }
                TimeUnit.NANOSECONDS.timedWait(calls, left);
            }
            return of(method);
        }
    }

    /** See {@link FakeSlack#allText}. */
    static String allText(JsonNode node) {
        var texts = new ArrayList<String>();
        collectText(node, texts);
        return String.join("\n", texts);
    }

    private static void collectText(JsonNode node, List<String> texts) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("text") && field.getValue().isTextual()) {
                    texts.add(field.getValue().asText());
                } else {
                    collectText(field.getValue(), texts);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectText(child, texts));
        }
    }
}
