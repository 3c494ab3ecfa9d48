package lodestar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import lodestar.testing.FakeSlackFaults.Fault;

/**
 * A local stand-in for Slack's Web API (at {@code /api/<method>}) and for response URLs (at
 * {@code /respond/<id>}). It answers like Slack, records every call, and can be told to fail a call, to fail
 * calls at random ({@link #failRandomly}) and to enforce Slack's rate limits ({@link #enforceRateLimits}). The
 * pieces are {@link FakeSlackWebApi} (how a call is taken), {@link FakeSlackCalls} (what was called),
 * {@link FakeSlackGrants} (installs, sign-ins), {@link FakeSlackWorkspace} (users, channels, posts) and
 * {@link FakeSlackSocket} (Socket Mode).
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

    /** Holds back Slack's answers to one method until released; see {@link #hold}. */
    public static final class Hold implements AutoCloseable {
        private final String method;
        private final Map<String, Hold> in;
        private final CountDownLatch released = new CountDownLatch(1);

        Hold(String method, Map<String, Hold> in) {
            this.method = method;
            this.in = in;
        }

        /** Waits until the hold is closed, or a minute has passed. */
        void awaitRelease() throws InterruptedException {
            released.await(1, TimeUnit.MINUTES);
        }

        /** Lets every held call of the method, and later ones, be answered. */
        @Override
        public void close() {
            in.remove(method, this);
            released.countDown();
        }
    }

    private final Javalin server;
    private final FakeSlackCalls calls = new FakeSlackCalls();
    private final FakeSlackFaults faults = new FakeSlackFaults();
    private final FakeSlackLimits limits = new FakeSlackLimits();
    /** The timestamps of posts, and the numbers in ids and sign-in codes: one count, so that none repeats. */
    private final AtomicLong timestamps = new AtomicLong(1_700_000_000L);

    private final FakeSlackGrants grants = new FakeSlackGrants(timestamps);
    private final FakeSlackWorkspace workspace = new FakeSlackWorkspace(timestamps, this::port);
    private final FakeSlackWebApi webApi = new FakeSlackWebApi(calls, faults, limits, grants, workspace);
    private final FakeSlackSocket socket = new FakeSlackSocket();

    public FakeSlack() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.port = 0;
            config.routes.post("/api/{method}", webApi::handle);
            config.routes.post("/respond/{id}", calls::responseUrl);
            config.routes.get("/openid/connect/authorize", grants::authorize);
            config.routes.post("/upload/{id}", calls::upload);
            config.routes.ws("/socket", socket::configure);
        });
        server.start();
        reset();
    }

    private int port() {
        return server.port();
    }

    public String apiUrl() {
        return "http://localhost:" + port() + "/api/";
    }

    public String responseUrl(String id) {
        return "http://localhost:" + port() + "/respond/" + id;
    }

    /**
     * Forgets calls, failures and custom answers, stops random faults and rate limits (and their counts), and
     * restores the standard cast of users.
     */
    public void reset() {
        calls.clear();
        faults.reset();
        limits.reset();
        webApi.reset();
        grants.reset();
        workspace.reset();
    }

    /** Adds (or replaces) a user that {@code users.info} knows. */
    public void addUser(String id, Consumer<ObjectNode> customise) {
        workspace.addUser(id, customise);
    }

    /**
     * What Slack's {@code oauth.v2.access} answers, once, for {@code code}: an install of the app in {@code teamId}
     * (or, with {@code enterpriseId} and no team, org-wide in that organisation), with {@code botToken}.
     */
    public void grantInstall(String code, String teamId, String enterpriseId, String botToken) {
        grants.grantInstall(code, teamId, enterpriseId, botToken);
    }

    /**
     * The same, with token rotation: the token expires in {@code expiresIn}, and its refresh token gives
     * {@code botToken + "-2"} once.
     */
    public void grantInstall(String code, String teamId, String enterpriseId, String botToken, Duration expiresIn) {
        grants.grantInstall(code, teamId, enterpriseId, botToken, expiresIn);
    }

    /** Who agrees on Slack's Sign in with Slack page, when a browser reaches it. */
    public void signInAs(String teamId, String userId, String name) {
        grants.signInAs(teamId, userId, name);
    }

    /**
     * What Sign in with Slack answers, once, for {@code code}: an ID token for {@code audience} carrying
     * {@code nonce}, and a user token whose {@code openid.connect.userInfo} names {@code userId} of {@code teamId}.
     */
    public void grantSignIn(String code, String audience, String nonce, String teamId, String userId, String name) {
        grants.grantSignIn(code, audience, nonce, teamId, userId, name);
    }

    /** Sets who is in a channel or user group (conversations.members, usergroups.users.list). */
    public void setMembers(String channelOrGroup, List<String> userIds) {
        workspace.setMembers(channelOrGroup, userIds);
    }

    /** Makes the next call of {@code method} fail with an HTTP status (e.g. 429 with Retry-After). */
    public void failNext(String method, int status, Map<String, String> headers, String body) {
        webApi.failNext(method, status, headers, body);
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
        webApi.answer(method, answer);
    }

    public List<Call> calls() {
        return calls.all();
    }

    /**
     * Slack takes its time over {@code method}: each call is recorded at once, but answered only when the returned
     * hold is closed (or after a minute), as a slow or stuck Slack would. Close it at the end of the test.
     */
    public Hold hold(String method) {
        return webApi.hold(method);
    }

    /**
     * Like {@link #hold}, but after Slack did what the call asks (a post is in the channel's history): the caller
     * waits for an answer that comes only when the hold is closed, as when an instance dies after Slack accepted.
     */
    public Hold holdAfterAccepting(String method) {
        return webApi.holdAfterAccepting(method);
    }

    /** The messages Slack accepted in {@code channel}, newest first. */
    public List<ObjectNode> history(String channel) {
        return workspace.history(channel);
    }

    /** Waits until {@code method} has been called {@code count} times; returns those calls. */
    public List<Call> awaitCalls(String method, int count, Duration timeout) throws InterruptedException {
        return calls.await(method, count, timeout);
    }

    /**
     * For load benchmarks: keeps no calls (thousands would fill the heap) and tells {@code listener} of each
     * response_url answer as it arrives, with the id the URL was made with.
     */
    public void forLoad(BiConsumer<String, JsonNode> listener) {
        calls.forLoad(listener);
    }

    /** Tells {@code listener} of each response_url answer as it arrives (with the URL's id), keeping the calls too. */
    public void onResponse(BiConsumer<String, JsonNode> listener) {
        calls.onResponse(listener);
    }

    public List<Call> calls(String method) {
        return calls.of(method);
    }

    /** The one call of the method, failing if there is not exactly one. */
    public Call only(String method) {
        return calls.only(method);
    }

    /** Sends a Socket Mode envelope to the connected bot, waiting for it to connect first. */
    public void sendEnvelope(JsonNode envelope) throws Exception {
        socket.sendEnvelope(envelope);
    }

    /** The next message the bot sent over Socket Mode (an envelope's ack). */
    public JsonNode awaitSocketReply(Duration timeout) throws InterruptedException {
        return socket.awaitReply(timeout);
    }

    /** All the text a message or view shows: its text and the text of its blocks. */
    public static String allText(JsonNode node) {
        return FakeSlackCalls.allText(node);
    }

    @Override
    public void close() {
        webApi.release();
        server.stop();
    }
}
