package lodestar;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import lodestar.db.Database;
import lodestar.db.EmbeddedPostgres;
import lodestar.delivery.Courier;
import lodestar.digest.DigestFeature;
import lodestar.inbox.Inbox;
import lodestar.install.InstallFeature;
import lodestar.pulse.PulseFeature;
import lodestar.quotes.QuotesFeature;
import lodestar.recognition.RecognitionFeature;
import lodestar.schedule.Scheduler;
import lodestar.slack.AfterAckPools;
import lodestar.slack.BoltApp;
import lodestar.slack.InstallBridge;
import lodestar.slack.OwnWorkspace;
import lodestar.slack.PendingAnswer;
import lodestar.slack.SeenSignatures;
import lodestar.slack.SlackApi;
import lodestar.slack.SlackBridge;
import lodestar.slack.SlackUsers;
import lodestar.slack.Tokens;
import lodestar.web.WebServer;
import lodestar.workspace.WorkspaceFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds every part of Lodestar with {@code new}, in order, and stops them in reverse. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Background senders of the outbox per instance: Slack's rates, not threads, bound how fast messages go. */
    private static final int COURIERS = 4;
    /** How often each instance looks for commands nobody is doing (waiting, handed back, or left by a crash). */
    private static final Duration INBOX_POLL = Duration.ofMillis(500);
    /** How long a stopping instance lets the commands under way finish before handing them back. */
    private static final Duration INBOX_GRACE = Duration.ofSeconds(10);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Database database;
    private final WebServer web;
    private final Scheduler scheduler;
    private final InstallFeature install;
    private final BoltApp bolt;
    private final Features features;
    private final Courier courier;
    private final Inbox inbox;
    private final OwnWorkspace ownWorkspace = new OwnWorkspace();
    private volatile SlackApi slackApi; // for answering failures of work after the ack
    private boolean started;

    private App(Config config, Seams seams, AutoCloseable afterAckPools) {
        var afterAck = seams.afterAck().loggingFailures(this::answerFailure);
        try {
            var databaseUrl = config.database().orElseGet(() -> {
                var embedded = EmbeddedPostgres.start(config.dataDir().resolve("postgres"));
                running.push(embedded);
                return embedded.url();
            });
            database = Database.connect(databaseUrl);
            running.push(database);
            // The root of the keys that must not live in the database (never logged, never stored in it).
            var secret = config.serverSecret();

            var slackClient = SlackApi.client(config.slackApiUrl(), seams.slackCallTimeout());
            running.push(slackClient);
            // Stopped before the Slack client and the database, so that queued work can finish with them.
            running.push(afterAckPools);
            // One workspace with a bot token, or many installed with "Add to Slack": each call acts with its own token.
            install = config.oauth()
                    .filter(oauth -> config.manyWorkspaces())
                    .map(oauth -> InstallFeature.manyWorkspaces(
                            database.dsl(), secret, slackClient.methods(), oauth, seams.clock()))
                    .orElseGet(() -> InstallFeature.oneWorkspace(database.dsl(), seams.clock()));
            Tokens tokens = install.installations()
                    .<Tokens>map(installations -> installations)
                    .orElseGet(() -> Tokens.single(config.botToken().orElseThrow()));
            var slack = new SlackApi(slackClient, tokens, seams.sleeper());
            slackApi = slack;
            var users = new SlackUsers(slack, Duration.ofMinutes(5));
            running.push(users);
            bolt = SlackStart.bolt(config, slackClient, ownWorkspace);

            scheduler = Scheduler.create(database.dataSource());
            running.push(scheduler);
            // One way out for every message that must arrive; stopped before the scheduler, Slack and the database.
            courier = new Courier(
                    database.dsl(), slack, seams.slackLimits(), seams.clock(), seams.sleeper(), Courier.LEASE);
            running.push(courier);

            // One way in for slash commands: recorded before the ack, done by workers of any instance.
            inbox = new Inbox(
                    database.dsl(),
                    database.ackDsl(),
                    seams.clock(),
                    afterAck.commands(),
                    seams.afterAck().background(),
                    seams.inboxRoom(),
                    seams.inboxLease(),
                    this::answerFailure);
            running.push(() -> inbox.close(INBOX_GRACE));
            install.register(bolt, scheduler, inbox);

            features = Features.wire(
                    config,
                    seams,
                    afterAck,
                    database,
                    secret,
                    slackClient,
                    slack,
                    users,
                    scheduler,
                    courier,
                    bolt,
                    inbox,
                    install);

            var slackHealth = SlackStart.connect(
                    config, seams.slackBackoff(), slackClient, bolt, features.workspace(), ownWorkspace, running);
            if (seams.runJobs()) {
                features.dashboard().ifPresent(d -> {
                    d.start();
                    running.push(d);
                });
                scheduler.start();
                courier.start(COURIERS);
                running.push(inbox.start(INBOX_POLL));
            }
            web = WebServer.start(
                    config.port(),
                    config.socketMode()
                            ? null
                            : new SlackBridge(bolt, new SeenSignatures(database.ackDsl(), Clock.systemUTC())),
                    config.manyWorkspaces() ? new InstallBridge(bolt) : null,
                    features.dashboard()
                            .<java.util.function.Consumer<io.javalin.config.JavalinConfig>>map(d -> d::routes)
                            .orElse(null),
                    database::isUp,
                    slackHealth);
            running.push(web);
            started = true;
            log.info(
                    "Lodestar is running on port {} ({})",
                    web.port(),
                    config.socketMode() ? "Socket Mode" : "HTTP, Slack requests at /slack/events");
        } catch (Exception e) {
            close();
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /** Tells the person whose request failed after its ack what happened, through its response_url. */
    private void answerFailure(String responseUrl, RuntimeException failure) {
        var slack = slackApi;
        if (slack != null) {
            slack.respond(
                    responseUrl,
                    com.slack.api.app_backend.slash_commands.response.SlashCommandResponse.builder()
                            .responseType("ephemeral")
                            .text(PendingAnswer.messageFor(failure))
                            .build());
        }
    }

    /** Starts Lodestar as configured, with the given seams (tests pin the clock and run work inline). */
    public static App start(Config config, Seams seams) {
        return new App(config, seams, () -> {});
    }

    /** Starts Lodestar for production: real time, and bounded pools for the work done after the ack. */
    public static App start(Config config) {
        return start(config, 1);
    }

    /** Like {@link #start(Config)}, keeping to {@code slackRates} times Slack's rates (benchmarks against a fake). */
    static App start(Config config, double slackRates) {
        var pools = AfterAckPools.start();
        return new App(config, Seams.production(pools.executors(), slackRates), pools);
    }

    public int port() {
        return web.port();
    }

    public Database database() {
        return database;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public BoltApp bolt() {
        return bolt;
    }

    public WorkspaceFeature workspace() {
        return features.workspace();
    }

    public Inbox inbox() {
        return inbox;
    }

    public RecognitionFeature recognition() {
        return features.recognition();
    }

    public QuotesFeature quotes() {
        return features.quotes();
    }

    public PulseFeature pulse() {
        return features.pulse();
    }

    public DigestFeature digest() {
        return features.digest();
    }

    public Courier courier() {
        return courier;
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            var part = running.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly", part.getClass().getSimpleName(), e);
            }
        }
        if (started) {
            started = false;
            log.info("Lodestar stopped");
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("import-quotes")) {
            System.exit(
                    ImportQuotes.run(List.of(args).subList(1, args.length), System.getenv(), System.out, System.err));
        }
        if (args.length > 0) {
            System.err.println("lodestar: unknown command '" + args[0]
                    + "'. Run without arguments to start the bot, or: " + ImportQuotes.USAGE);
            System.exit(2);
        }
        Config config;
        double slackRates;
        try {
            config = Config.fromEnvironment(System.getenv());
            slackRates = Config.slackRates(System.getenv());
        } catch (Config.Invalid e) {
            System.err.println("lodestar: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            var app = start(config, slackRates);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "lodestar-shutdown"));
        } catch (RuntimeException e) {
            log.debug("Start failed", e);
            System.err.println("lodestar: could not start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /** The line {@link #main} prints when the start fails. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return e == cause ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause.getMessage() + ")";
    }
}
