package lodestar.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lodestar.App;
import lodestar.Config;
import lodestar.Seams;
import lodestar.slack.AfterAck;
import lodestar.slack.AfterAckPools;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole bot, in-process, for end-to-end tests: Javalin on a free port, the test run's PostgreSQL
 * (emptied before each test), a fake Slack Web API that records what the bot sent, a pinned clock, and
 * work after the ack run inline so that its effects are visible when the request returns.
 *
 * <pre>{@code @RegisterExtension static final Harness harness = new Harness();}</pre>
 */
public final class Harness implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    public static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    /** The LODESTAR_SECRET of every instance a test starts on the shared test database. */
    /** The client id of the app that many-workspace tests install. */
    public static final String CLIENT_ID = "111.222";

    public static final String SERVER_SECRET = "test-server-secret-0123456789-abcdefghij";

    private final boolean socketMode;
    private final boolean systemClock;
    private final java.time.Duration slackBeforeAck;
    /** Makes the real pools for after-ack work, or null to run that work inline (or held) as most tests do. */
    private final java.util.function.Supplier<AfterAckPools> poolsToUse;

    private final java.time.Duration slackCallTimeout;
    private boolean manyWorkspaces;
    private boolean signIn;
    private int inboxRoom = AfterAckPools.COMMAND_ROOM;
    private AfterAckPools pools;
    private final MutableClock clock = new MutableClock(START);
    private final List<java.time.Duration> sleeps = new ArrayList<>();
    private final java.util.Queue<Runnable> heldAfterAck = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean holdAfterAck;
    private FakeSlack slack;
    private App app;
    private SlackRequests requests;

    /** The bot over HTTP, as most tests use it. */
    public Harness() {
        // Slack before the ack: a budget no loaded machine exceeds, so tests of field errors never take the slow path.
        this(false, false, java.time.Duration.ofMinutes(1));
    }

    private Harness(boolean socketMode, boolean systemClock, java.time.Duration slackBeforeAck) {
        this(socketMode, systemClock, slackBeforeAck, null, java.time.Duration.ofSeconds(10));
    }

    private Harness(
            boolean socketMode,
            boolean systemClock,
            java.time.Duration slackBeforeAck,
            java.util.function.Supplier<AfterAckPools> poolsToUse,
            java.time.Duration slackCallTimeout) {
        this.socketMode = socketMode;
        this.systemClock = systemClock;
        this.slackBeforeAck = slackBeforeAck;
        this.poolsToUse = poolsToUse;
        this.slackCallTimeout = slackCallTimeout;
    }

    /**
     * The bot over HTTP, with work after the ack on production's kind of pools, of the given sizes, instead of
     * inline: effects show up after the response, so wait for them ({@link FakeSlack#awaitCalls}).
     */
    public static Harness withPools(
            int interactiveThreads, int interactiveQueue, int backgroundThreads, int backgroundQueue) {
        return new Harness(
                false,
                false,
                java.time.Duration.ofMinutes(1),
                () -> new AfterAckPools(interactiveThreads, interactiveQueue, backgroundThreads, backgroundQueue),
                java.time.Duration.ofSeconds(10));
    }

    /**
     * Like {@link #withPools(int, int, int, int)}, with {@code commandThreads} workers for the inbox, which takes at
     * most {@code inboxRoom} commands at once (more wait in the database until {@code app().inbox().poll()}).
     */
    public static Harness withPools(
            int interactiveThreads,
            int interactiveQueue,
            int backgroundThreads,
            int backgroundQueue,
            int commandThreads,
            int inboxRoom) {
        var harness = new Harness(
                false,
                false,
                java.time.Duration.ofMinutes(1),
                () -> new AfterAckPools(
                        interactiveThreads, interactiveQueue, backgroundThreads, backgroundQueue, commandThreads),
                java.time.Duration.ofSeconds(10));
        harness.inboxRoom = inboxRoom;
        return harness;
    }

    /** The bot over HTTP, each Web API call giving up after {@code timeout} in all (production allows 10 s). */
    public static Harness slackCallTimeout(java.time.Duration timeout) {
        return new Harness(false, false, java.time.Duration.ofMinutes(1), null, timeout);
    }

    /**
     * The bot over HTTP on the system clock (nanoseconds, never a whole second), as it runs in production: for
     * tests of figures that a pinned clock would flatter. {@link #clock()} is then not the bot's clock.
     */
    public static Harness systemClock() {
        return new Harness(false, true, java.time.Duration.ofMinutes(1));
    }

    /** The bot over HTTP on the system clock, with the app's client id and secret for the dashboard's sign-in. */
    public static Harness systemClockWithSignIn() {
        var harness = systemClock();
        harness.signIn = true;
        return harness;
    }

    /** The bot over HTTP for many workspaces, installed with "Add to Slack": no bot token, a client id and secret. */
    public static Harness manyWorkspaces() {
        var harness = new Harness();
        harness.manyWorkspaces = true;
        return harness;
    }

    /** The bot over HTTP for one workspace, with the app's client id and secret for the dashboard's sign-in. */
    public static Harness withSignIn() {
        var harness = new Harness();
        harness.signIn = true;
        return harness;
    }

    /** The bot over Socket Mode: it connects to the fake Slack's WebSocket instead of taking HTTP requests. */
    public static Harness socketMode() {
        return new Harness(true, false, java.time.Duration.ofMinutes(1));
    }

    /** The bot over HTTP, waiting at most {@code budget} for Slack before an ack (production waits 2 s). */
    public static Harness slackBeforeAck(java.time.Duration budget) {
        return new Harness(false, false, budget);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (app != null) {
            return; // a @Nested class of the class that started it
        }
        slack = new FakeSlack();
        Path dataDir = Files.createTempDirectory("lodestar-test");
        var config = new Config(
                manyWorkspaces ? Optional.empty() : Optional.of("xoxb-test-token"),
                socketMode ? Optional.empty() : Optional.of(SlackRequests.SIGNING_SECRET),
                socketMode ? Optional.of("xapp-test-token") : Optional.empty(),
                Optional.of(TestDatabase.get().url()),
                0,
                slack.apiUrl(),
                dataDir,
                Optional.of(SERVER_SECRET),
                manyWorkspaces || signIn
                        ? Optional.of(new Config.OAuthApp(CLIENT_ID, "test-client-secret"))
                        : Optional.empty());
        pools = poolsToUse == null ? null : poolsToUse.get();
        var afterAck = pools == null ? AfterAck.on(this::afterAck) : pools.executors();
        app = App.start(
                config,
                new Seams(
                                systemClock ? java.time.Clock.systemUTC() : clock,
                                afterAck,
                                sleeps::add,
                                false,
                                slackBeforeAck,
                                slackCallTimeout)
                        .withInbox(inboxRoom, lodestar.inbox.Inbox.LEASE));
        requests = new SlackRequests(app.port(), slack);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestDatabase.get().truncate();
        app.workspace().forgetRecordedWorkspaces();
        slack.reset();
        clock.set(START);
        sleeps.clear();
        holdAfterAck = false;
        heldAfterAck.clear();
    }

    private void afterAck(Runnable task) {
        if (holdAfterAck) {
            heldAfterAck.add(task);
        } else {
            task.run();
        }
    }

    /**
     * For the rest of the test, work the bot hands to its after-ack executor waits in a queue instead of running
     * inline, so that what Slack saw before the HTTP response ({@link FakeSlack#calls()}) can be asserted;
     * {@link #runAfterAck()} then runs it. Without this, after-ack work runs inline as always.
     */
    public void holdAfterAck() {
        holdAfterAck = true;
    }

    /** Forgets the work held by {@link #holdAfterAck()}, as an instance that dies does; returns how many tasks. */
    public int dropAfterAck() {
        int dropped = heldAfterAck.size();
        heldAfterAck.clear();
        return dropped;
    }

    /** Runs the work held by {@link #holdAfterAck()}, including work it queues in turn; returns how many tasks ran. */
    public int runAfterAck() {
        int ran = 0;
        for (Runnable task = heldAfterAck.poll(); task != null; task = heldAfterAck.poll()) {
            task.run();
            ran++;
        }
        return ran;
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (context.getRequiredTestClass().getEnclosingClass() != null) {
            return; // a @Nested class: the outer class stops the app
        }
        if (pools != null) {
            slack.reset(); // answers what Slack still holds, so that the pools' work can finish
            pools.close();
        }
        app.close();
        app = null;
        slack.close();
    }

    public App app() {
        return app;
    }

    public FakeSlack slack() {
        return slack;
    }

    public SlackRequests send() {
        return requests;
    }

    public MutableClock clock() {
        return clock;
    }

    /** A plain GET to the bot's HTTP server. */
    public java.net.http.HttpResponse<String> get(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://localhost:" + app.port() + path))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The waits the bot asked for between retries (Slack's Retry-After). */
    public List<java.time.Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
