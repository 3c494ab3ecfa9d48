package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A local stand-in for Slack's Web API (at {@code /api/<method>}) and for response URLs (at
 * {@code /respond/<id>}). It answers like Slack, records every call, and can be told to fail a call.
 */
public final class FakeSlack implements AutoCloseable {
    public static final String TEAM = "T0TEAM";
    public static final String BOT_USER = "U0BOT";

    /** A call the bot made: the Web API method (or {@code response_url}) and its parameters as JSON. */
    public record Call(String method, JsonNode params) {
        public String text(String field) {
            return params.path(field).asText(null);
        }
    }

    private record Failure(int status, Map<String, String> headers, String body) {}

    /** Holds back Slack's answers to one method until released; see {@link #hold}. */
    public final class Hold implements AutoCloseable {
        private final String method;
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String method) {
            this.method = method;
        }

        /** Lets every held call of the method, and later ones, be answered. */
        @Override
        public void close() {
            holds.remove(method, this);
            released.countDown();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> users = new ConcurrentHashMap<>();
    private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();
    /** The messages Slack accepted, per channel, newest first: what conversations.history answers. */
    private final Map<String, List<ObjectNode>> history = new ConcurrentHashMap<>();

    private final Map<String, Function<JsonNode, ObjectNode>> answers = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, List<String>> members = new ConcurrentHashMap<>();
    private final AtomicLong timestamps = new AtomicLong(1_700_000_000L);
    private final AtomicLong views = new AtomicLong();
    private final BlockingQueue<JsonNode> socketReplies = new LinkedBlockingQueue<>();
    private volatile CompletableFuture<WsContext> socket = new CompletableFuture<>();

    public FakeSlack() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.port = 0;
            config.routes.post("/api/{method}", this::webApi);
            config.routes.post("/respond/{id}", this::responseUrl);
            config.routes.post("/upload/{id}", ctx -> {
                record(new Call(
                        "file_upload",
                        JSON.createObjectNode().put("id", ctx.pathParam("id")).put("bytes", ctx.bodyAsBytes().length)));
                ctx.result("OK - " + ctx.bodyAsBytes().length);
            });
            config.routes.ws("/socket", ws -> {
                ws.onConnect(ctx -> {
                    ctx.send(
                            "{\"type\":\"hello\",\"num_connections\":1,\"connection_info\":{\"app_id\":\"A0LODESTAR\"}}");
                    socket.complete(ctx);
                });
                ws.onMessage(ctx -> socketReplies.add(JSON.readTree(ctx.message())));
            });
        });
        server.start();
        reset();
    }

    public String apiUrl() {
        return "http://localhost:" + server.port() + "/api/";
    }

    public String responseUrl(String id) {
        return "http://localhost:" + server.port() + "/respond/" + id;
    }

    /** Forgets calls, failures and custom answers, and restores the standard cast of users. */
    public void reset() {
        calls.clear();
        history.clear();
        failures.clear();
        answers.clear();
        holds.values().forEach(Hold::close);
        users.clear();
        members.clear();
        addUser(Users.ADMIN, u -> u.put("is_admin", true));
        addUser(Users.OWNER, u -> u.put("is_owner", true));
        addUser(Users.ALICE, u -> {});
        addUser(Users.BOB, u -> {});
        addUser(Users.CAROL, u -> {});
        addUser(Users.ROBOT, u -> u.put("is_bot", true));
        addUser(Users.GONE, u -> u.put("deleted", true));
        addUser(Users.PACIFIC, u -> u.put("tz", "America/Los_Angeles"));
        addUser(Users.TOKYO, u -> u.put("tz", "Asia/Tokyo"));
    }

    /** Adds (or replaces) a user that {@code users.info} knows. */
    public void addUser(String id, java.util.function.Consumer<ObjectNode> customise) {
        var user = JSON.createObjectNode()
                .put("id", id)
                .put("team_id", TEAM)
                .put("name", id.toLowerCase())
                .put("is_admin", false)
                .put("is_owner", false)
                .put("is_bot", false)
                .put("deleted", false)
                .put("tz", "Europe/London");
        customise.accept(user);
        users.put(id, user);
    }

    /** Sets who is in a channel or user group (conversations.members, usergroups.users.list). */
    public void setMembers(String channelOrGroup, List<String> userIds) {
        members.put(channelOrGroup, List.copyOf(userIds));
    }

    /** Makes the next call of {@code method} fail with an HTTP status (e.g. 429 with Retry-After). */
    public void failNext(String method, int status, Map<String, String> headers, String body) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(status, headers, body));
    }

    /** Answers {@code method} with a custom body built from the call's parameters. */
    public void answer(String method, Function<JsonNode, ObjectNode> answer) {
        answers.put(method, answer);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Slack takes its time over {@code method}: each call is recorded at once, but answered only when the returned
     * hold is closed (or after a minute), as a slow or stuck Slack would. Close it at the end of the test.
     */
    public Hold hold(String method) {
        var hold = new Hold(method);
        holds.put(method, hold);
        return hold;
    }

    /** Waits until {@code method} has been called {@code count} times; returns those calls. */
    public List<Call> awaitCalls(String method, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (calls(method).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "Expected " + count + " " + method + " calls within " + timeout + " but got: " + calls);
                }
                TimeUnit.NANOSECONDS.timedWait(calls, left);
            }
            return calls(method);
        }
    }

    private void record(Call call) {
        synchronized (calls) {
            calls.add(call);
            calls.notifyAll();
        }
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    /** The one call of the method, failing if there is not exactly one. */
    public Call only(String method) {
        var found = calls(method);
        if (found.size() != 1) {
            throw new AssertionError("Expected one " + method + " call but got " + found.size() + ": " + calls);
        }
        return found.get(0);
    }

    private void webApi(Context ctx) throws Exception {
        String method = ctx.pathParam("method");
        JsonNode params = params(ctx);
        record(new Call(method, params));
        var hold = holds.get(method);
        if (hold != null) {
            hold.released.await(1, TimeUnit.MINUTES);
        }
        Queue<Failure> queue = failures.get(method);
        Failure failure = queue == null ? null : queue.poll();
        if (failure != null) {
            failure.headers().forEach(ctx::header);
            ctx.status(failure.status()).contentType("application/json").result(failure.body());
            return;
        }
        var custom = answers.get(method);
        ObjectNode body = custom != null ? custom.apply(params) : standardAnswer(method, params);
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private void responseUrl(Context ctx) throws Exception {
        record(new Call("response_url", JSON.readTree(ctx.body())));
        ctx.contentType("text/plain").result("ok");
    }

    private ObjectNode standardAnswer(String method, JsonNode params) {
        var ok = JSON.createObjectNode().put("ok", true);
        switch (method) {
            case "auth.test" ->
                ok.put("team_id", TEAM)
                        .put("user_id", BOT_USER)
                        .put("bot_id", "B0BOT")
                        .put("team", "Acme")
                        .put("url", "https://acme.slack.com/");
            case "users.info" -> {
                var user = users.get(params.path("user").asText());
                if (user == null) {
                    return JSON.createObjectNode().put("ok", false).put("error", "user_not_found");
                }
                ok.set("user", user);
            }
            case "chat.postMessage" -> {
                String ts = timestamps.incrementAndGet() + ".000100";
                ok.put("channel", params.path("channel").asText()).put("ts", ts);
                var message = ok.putObject("message")
                        .put("ts", ts)
                        .put("text", params.path("text").asText());
                var metadata = params.path("metadata");
                if (!metadata.isMissingNode() && !metadata.isNull()) {
                    message.set("metadata", metadata.isTextual() ? readJson(metadata.asText()) : metadata.deepCopy());
                }
                history.computeIfAbsent(
                                params.path("channel").asText(), c -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(0, message.deepCopy());
            }
            case "conversations.history" -> {
                String channel = params.path("channel").asText();
                var messages = ok.putArray("messages");
                history.getOrDefault(channel, List.of()).forEach(messages::add);
                if (channel.startsWith("D")) { // a DM, which the bot may have posted to by its user's id
                    history.getOrDefault(channel.substring(1), List.of()).forEach(messages::add);
                }
            }
            case "apps.connections.open" -> ok.put("url", "ws://localhost:" + server.port() + "/socket");
            case "users.list" -> {
                var list = ok.putArray("members");
                users.values().forEach(list::add);
                ok.putObject("response_metadata").put("next_cursor", "");
            }
            case "files.getUploadURLExternal" -> {
                String id = "F" + timestamps.incrementAndGet();
                ok.put("file_id", id).put("upload_url", "http://localhost:" + server.port() + "/upload/" + id);
            }
            case "files.completeUploadExternal" ->
                ok.putArray("files").addObject().put("id", "F1").put("title", "chart");
            case "conversations.members" -> {
                var list = ok.putArray("members");
                members.getOrDefault(params.path("channel").asText(), List.of()).forEach(list::add);
                ok.putObject("response_metadata").put("next_cursor", "");
            }
            case "usergroups.users.list" -> {
                var list = ok.putArray("users");
                members.getOrDefault(params.path("usergroup").asText(), List.of())
                        .forEach(list::add);
            }
            case "usergroups.list" -> {
                var groups = ok.putArray("usergroups");
                members.keySet().stream()
                        .filter(id -> id.startsWith("S"))
                        .forEach(id -> groups.addObject().put("id", id).put("handle", id.toLowerCase()));
            }
            case "conversations.open" ->
                ok.putObject("channel").put("id", "D" + params.path("users").asText());
            case "views.open", "views.update" -> ok.putObject("view").put("id", "V0VIEW" + views.incrementAndGet());
            case "chat.getPermalink" ->
                ok.put(
                        "permalink",
                        "https://acme.slack.com/archives/"
                                + params.path("channel").asText() + "/p"
                                + params.path("message_ts").asText().replace(".", ""));
            default -> {
                // Most methods answer {"ok": true} and nothing the bot reads.
            }
        }
        return ok;
    }

    private static JsonNode params(Context ctx) throws Exception {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (contentType.startsWith("application/json")) {
            return JSON.readTree(ctx.body());
        }
        ObjectNode params = JSON.createObjectNode();
        for (var entry : ctx.formParamMap().entrySet()) {
            String value = entry.getValue().isEmpty() ? "" : entry.getValue().get(0);
            boolean json = (value.startsWith("{") || value.startsWith("["));
            if (json) {
                try {
                    params.set(entry.getKey(), JSON.readTree(value));
                    continue;
                } catch (Exception notJson) {
                    // keep it as text
                }
            }
            params.put(entry.getKey(), value);
        }
        return params;
    }

    /** Sends a Socket Mode envelope to the connected bot, waiting for it to connect first. */
    public void sendEnvelope(JsonNode envelope) throws Exception {
        socket.get(30, TimeUnit.SECONDS).send(envelope.toString());
    }

    /** The next message the bot sent over Socket Mode (an envelope's ack). */
    public JsonNode awaitSocketReply(Duration timeout) throws InterruptedException {
        var reply = socketReplies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new AssertionError("No Socket Mode reply within " + timeout);
        }
        return reply;
    }

    /** All the text a message or view shows: its text and the text of its blocks. */
    public static String allText(JsonNode node) {
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

    @Override
    public void close() {
        holds.values().forEach(Hold::close);
        server.stop();
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
