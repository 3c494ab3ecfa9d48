package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import lodestar.testing.FakeSlackFaults.Fault;

/**
 * A local stand-in for Slack's Web API (at {@code /api/<method>}) and for response URLs (at
 * {@code /respond/<id>}). It answers like Slack, records every call, and can be told to fail a call, to fail
 * calls at random ({@link #failRandomly}) and to enforce Slack's rate limits ({@link #enforceRateLimits}).
 */
public final class FakeSlack implements AutoCloseable {
    public static final String TEAM = "T0TEAM";
    public static final String BOT_USER = "U0BOT";
    /** chat.postMessage calls allowed per minute in the whole workspace under {@link #enforceRateLimits}. */
    public static final int WORKSPACE_POSTS_PER_MINUTE = 300;

    /**
     * A call the bot made: the Web API method (or {@code response_url}), its parameters as JSON, and the token it
     * was made with (its {@code Authorization} header; null when it had none).
     */
    public record Call(String method, JsonNode params, String token) {
        public Call(String method, JsonNode params) {
            this(method, params, null);
        }

        public String text(String field) {
            return params.path(field).asText(null);
        }
    }

    private record Failure(int status, Map<String, String> headers, String body) {}

    /** Holds back Slack's answers to one method until released; see {@link #hold}. */
    public final class Hold implements AutoCloseable {
        private final String method;
        private final Map<String, Hold> in;
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(String method, Map<String, Hold> in) {
            this.method = method;
            this.in = in;
        }

        /** Lets every held call of the method, and later ones, be answered. */
        @Override
        public void close() {
            in.remove(method, this);
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
    private final Map<String, ObjectNode> grants = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> installed = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> refreshes = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> signIns = new ConcurrentHashMap<>();
    private volatile String[] signInAs;
    private final Map<String, ObjectNode> identities = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, Hold> heldAnswers = new ConcurrentHashMap<>();
    private final FakeSlackFaults faults = new FakeSlackFaults();
    private final FakeSlackLimits limits = new FakeSlackLimits();
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
            // Slack's Sign in with Slack page: the person of signInAs agrees at once, and is sent back with a code.
            config.routes.get("/openid/connect/authorize", ctx -> {
                var who = signInAs;
                if (who == null) {
                    ctx.status(400).result("No one to sign in as: call signInAs first");
                    return;
                }
                String code = "code-" + timestamps.incrementAndGet();
                grantSignIn(code, ctx.queryParam("client_id"), ctx.queryParam("nonce"), who[0], who[1], who[2]);
                ctx.redirect(ctx.queryParam("redirect_uri") + "?code=" + code + "&state="
                        + java.net.URLEncoder.encode(ctx.queryParam("state"), java.nio.charset.StandardCharsets.UTF_8));
            });
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

    /**
     * Forgets calls, failures and custom answers, stops random faults and rate limits (and their counts), and
     * restores the standard cast of users.
     */
    public void reset() {
        calls.clear();
        history.clear();
        failures.clear();
        faults.reset();
        limits.reset();
        answers.clear();
        grants.clear();
        refreshes.clear();
        signIns.clear();
        signInAs = null;
        identities.clear();
        holds.values().forEach(Hold::close);
        heldAnswers.values().forEach(Hold::close);
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
    /**
     * What Slack's {@code oauth.v2.access} answers, once, for {@code code}: an install of the app in {@code teamId}
     * (or, with {@code enterpriseId} and no team, org-wide in that organisation), with {@code botToken}.
     */
    public void grantInstall(String code, String teamId, String enterpriseId, String botToken) {
        var answer = JSON.createObjectNode()
                .put("ok", true)
                .put("app_id", "A0LODESTAR")
                .put("scope", "chat:write,commands")
                .put("token_type", "bot")
                .put("access_token", botToken)
                .put("bot_user_id", "U0BOT" + (teamId == null ? enterpriseId : teamId))
                .put("is_enterprise_install", teamId == null);
        answer.putObject("authed_user").put("id", "U0INSTALLER");
        if (teamId != null) {
            answer.putObject("team").put("id", teamId).put("name", "Team " + teamId);
        }
        if (enterpriseId != null) {
            answer.putObject("enterprise").put("id", enterpriseId).put("name", "Org " + enterpriseId);
        }
        grants.put(code, answer);
        // auth.test with that token: the workspace it acts for, or, org-wide, the organisation alone
        var identity = JSON.createObjectNode()
                .put("ok", true)
                .put("user_id", "U0BOT" + (teamId == null ? enterpriseId : teamId))
                .put("bot_id", "B0BOT")
                .put("is_enterprise_install", teamId == null);
        if (teamId != null) {
            identity.put("team_id", teamId).put("team", "Team " + teamId);
        }
        if (enterpriseId != null) {
            identity.put("enterprise_id", enterpriseId);
        }
        installed.put(botToken, identity);
    }

    /**
     * The same, with token rotation: the token expires in {@code expiresIn}, and its refresh token gives
     * {@code botToken + "-2"} once.
     */
    public void grantInstall(String code, String teamId, String enterpriseId, String botToken, Duration expiresIn) {
        grantInstall(code, teamId, enterpriseId, botToken);
        String refreshToken = "xoxe-refresh-" + botToken;
        grants.get(code).put("refresh_token", refreshToken).put("expires_in", expiresIn.toSeconds());
        refreshes.put(
                refreshToken,
                JSON.createObjectNode()
                        .put("ok", true)
                        .put("token_type", "bot")
                        .put("access_token", botToken + "-2")
                        .put("refresh_token", refreshToken + "-2")
                        .put("expires_in", 43_200));
        installed.put(botToken + "-2", installed.get(botToken));
    }

    /** Who agrees on Slack's Sign in with Slack page, when a browser reaches it. */
    public void signInAs(String teamId, String userId, String name) {
        signInAs = new String[] {teamId, userId, name};
    }

    /**
     * What Sign in with Slack answers, once, for {@code code}: an ID token for {@code audience} carrying
     * {@code nonce}, and a user token whose {@code openid.connect.userInfo} names {@code userId} of {@code teamId}.
     */
    public void grantSignIn(String code, String audience, String nonce, String teamId, String userId, String name) {
        var claims = JSON.createObjectNode()
                .put("iss", "https://slack.com")
                .put("aud", audience)
                .put("sub", userId)
                .put("nonce", nonce)
                .put("https://slack.com/team_id", teamId);
        var encoder = java.util.Base64.getUrlEncoder().withoutPadding();
        String idToken = encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + encoder.encodeToString(claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + ".signature";
        String userToken = "xoxp-signin-" + code;
        signIns.put(
                code,
                JSON.createObjectNode()
                        .put("ok", true)
                        .put("access_token", userToken)
                        .put("token_type", "Bearer")
                        .put("id_token", idToken));
        identities.put(
                userToken,
                JSON.createObjectNode()
                        .put("ok", true)
                        .put("sub", userId)
                        .put("https://slack.com/user_id", userId)
                        .put("https://slack.com/team_id", teamId)
                        .put("name", name));
    }

    public void setMembers(String channelOrGroup, List<String> userIds) {
        members.put(channelOrGroup, List.copyOf(userIds));
    }

    /** Makes the next call of {@code method} fail with an HTTP status (e.g. 429 with Retry-After). */
    public void failNext(String method, int status, Map<String, String> headers, String body) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(status, headers, body));
    }

    /** From now on each call of {@code methods} (all, if none) fails with probability {@code share}: 429, 500, 503. */
    public void failRandomly(double share, long seed, String... methods) {
        failRandomly(share, seed, FakeSlackFaults.DEFAULT, methods);
    }

    /** Like {@link #failRandomly(double, long, Set, Duration, String...)}, a {@link Fault#SLOW} answer taking 2 s. */
    public void failRandomly(double share, long seed, Set<Fault> faults, String... methods) {
        failRandomly(share, seed, faults, Duration.ofSeconds(2), methods);
    }

    /**
     * From now on each call of {@code methods} (any, if none are named) meets one of {@code faults} with probability
     * {@code share} (a seeded random; see {@link FakeSlackFaults}), after {@link #hold} and {@link #failNext}, before
     * rate limits. A failed call changes nothing (but see {@link Fault#ACCEPTED_THEN_DROPPED}); {@link Fault#SLOW}
     * answers as usual after {@code slowness}.
     */
    public void failRandomly(double share, long seed, Set<Fault> faults, Duration slowness, String... methods) {
        this.faults.failRandomly(share, seed, faults, slowness, methods);
    }

    /** Stops {@link #failRandomly}; {@link #faultsInjected} keeps its count. */
    public void stopFailing() {
        faults.stop();
    }

    /** How many calls {@link #failRandomly} has given a fault (slow ones included). */
    public int faultsInjected() {
        return faults.injected();
    }

    /**
     * From now on a call beyond Slack's rate limits ({@link FakeSlackLimits}), each window shortened by {@code speedUp}
     * (10: a minute's window is 6 s), gets 429, Retry-After and "ratelimited", and changes nothing.
     */
    public void enforceRateLimits(double speedUp) {
        limits.enforce(speedUp);
    }

    /** How many calls {@link #enforceRateLimits} has answered with 429 (not {@link Fault#RATE_LIMITED} ones). */
    public int rateLimited() {
        return limits.rejected();
    }

    public int rateLimited(String method) { // the same, of one method
        return limits.rejected(method);
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
        var hold = new Hold(method, holds);
        holds.put(method, hold);
        return hold;
    }

    /**
     * Like {@link #hold}, but after Slack did what the call asks (a post is in the channel's history): the caller
     * waits for an answer that comes only when the hold is closed, as when an instance dies after Slack accepted.
     */
    public Hold holdAfterAccepting(String method) {
        var hold = new Hold(method, heldAnswers);
        heldAnswers.put(method, hold);
        return hold;
    }

    /** The messages Slack accepted in {@code channel}, newest first. */
    public List<ObjectNode> history(String channel) {
        return List.copyOf(history.getOrDefault(channel, List.of()));
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

    /**
     * For load benchmarks: keeps no calls (thousands would fill the heap) and tells {@code listener} of each
     * response_url answer as it arrives, with the id the URL was made with.
     */
    public void forLoad(java.util.function.BiConsumer<String, JsonNode> listener) {
        this.keepCalls = false;
        this.responses = listener;
    }

    /** Tells {@code listener} of each response_url answer as it arrives (with the URL's id), keeping the calls too. */
    public void onResponse(java.util.function.BiConsumer<String, JsonNode> listener) {
        this.responses = listener;
    }

    private volatile boolean keepCalls = true;
    private volatile java.util.function.BiConsumer<String, JsonNode> responses = (id, body) -> {};

    private void record(Call call) {
        if (!keepCalls) {
            return;
        }
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
        JsonNode params = FakeSlackParams.of(ctx);
        String authorization = ctx.header("Authorization");
        String token = authorization != null
                ? authorization.replaceFirst("^Bearer ", "")
                : params.path("token").asText(null);
        record(new Call(method, params, token));
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
        Fault fault = faults.pick(method);
        if (fault != null && faults.failBefore(fault, ctx)) {
            return;
        }
        if (limits.refuse(method, params, ctx)) {
            return;
        }
        var custom = answers.get(method);
        ObjectNode body = custom != null
                ? custom.apply(params)
                : method.equals("auth.test") && token != null && installed.containsKey(token)
                        ? installed.get(token).deepCopy()
                        : method.equals("openid.connect.userInfo")
                                ? identities
                                        .getOrDefault(
                                                String.valueOf(token),
                                                JSON.createObjectNode()
                                                        .put("ok", false)
                                                        .put("error", "invalid_auth"))
                                        .deepCopy()
                                : standardAnswer(method, params);
        if (fault == Fault.ACCEPTED_THEN_DROPPED) {
            FakeSlackFaults.drop(ctx, JSON.writeValueAsString(body));
            return;
        }
        var heldAnswer = heldAnswers.get(method);
        if (heldAnswer != null) {
            heldAnswer.released.await(1, TimeUnit.MINUTES);
        }
        ctx.contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private void responseUrl(Context ctx) throws Exception {
        var body = JSON.readTree(ctx.body());
        responses.accept(ctx.pathParam("id"), body);
        record(new Call("response_url", body));
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
                    message.set(
                            "metadata",
                            metadata.isTextual() ? FakeSlackParams.readJson(metadata.asText()) : metadata.deepCopy());
                }
                history.computeIfAbsent(
                                params.path("channel").asText(), c -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(0, message.deepCopy());
            }
            case "conversations.history" -> {
                String channel = params.path("channel").asText();
                var found = new ArrayList<>(history.getOrDefault(channel, List.of()));
                if (channel.startsWith("D")) { // a DM, which the bot may have posted to by its user's id
                    found.addAll(history.getOrDefault(channel.substring(1), List.of()));
                    found.sort(Comparator.comparing((ObjectNode m) ->
                                    new BigDecimal(m.path("ts").asText()))
                            .reversed()); // newest first
                }
                ok.putArray("messages").addAll(found);
            }
            case "openid.connect.token" -> {
                var signIn = signIns.remove(params.path("code").asText());
                if (signIn == null) {
                    return JSON.createObjectNode().put("ok", false).put("error", "invalid_code");
                }
                return signIn;
            }
            case "oauth.v2.access" -> {
                if (params.path("grant_type").asText().equals("refresh_token")) {
                    var refreshed =
                            refreshes.remove(params.path("refresh_token").asText());
                    return refreshed != null
                            ? refreshed
                            : JSON.createObjectNode().put("ok", false).put("error", "invalid_refresh_token");
                }
                var granted = grants.remove(params.path("code").asText());
                if (granted == null) {
                    return JSON.createObjectNode().put("ok", false).put("error", "invalid_code");
                }
                return granted;
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
        heldAnswers.values().forEach(Hold::close);
        server.stop();
    }
}
