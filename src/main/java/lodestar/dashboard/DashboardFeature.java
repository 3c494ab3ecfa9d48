package lodestar.dashboard;

import com.slack.api.Slack;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import lodestar.Config;
import lodestar.digest.DigestService;
import lodestar.pulse.PulseService;
import lodestar.quotes.QuoteLedger;
import lodestar.quotes.QuoteService;
import lodestar.recognition.KudosLedger;
import lodestar.recognition.RecognitionService;
import lodestar.secret.ServerSecret;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader dashboard on the web, served by the bot's own server: Sign in with Slack, then the overview,
 * recognition, customer voice and pulse pages for leaders and admins, or a member's own recognition. Sessions are in
 * the database; every page is rendered by a template engine that escapes, under a Content-Security-Policy that allows
 * nothing but the dashboard's own stylesheet and charts.
 */
public final class DashboardFeature implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardFeature.class);
    static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private final SignIn signIn;
    private final OverviewPage overview;
    private final RecognitionPage recognition;
    private final VoicePage voice;
    private final PulsePage pulse;
    private final Warmer warmer;
    private final Access access;

    private DashboardFeature(
            SignIn signIn,
            OverviewPage overview,
            RecognitionPage recognition,
            VoicePage voice,
            PulsePage pulse,
            Warmer warmer,
            Access access) {
        this.access = access;
        this.signIn = signIn;
        this.warmer = warmer;
        this.overview = overview;
        this.recognition = recognition;
        this.voice = voice;
        this.pulse = pulse;
    }

    public static DashboardFeature create(
            DSLContext dsl,
            ServerSecret secret,
            Slack slack,
            Config.OAuthApp app,
            String slackApiUrl,
            WorkspaceService workspace,
            RecognitionService recognition,
            DigestService digests,
            QuoteService quotes,
            PulseService pulse,
            Predicate<String> installed,
            Clock clock) {
        var sessions = new Sessions(dsl, secret, clock);
        var access = new Access(sessions, workspace);
        var recognitionPage = new RecognitionPage(access, digests, new KudosLedger(dsl), recognition, clock);
        // What the pages count of the past, for a year and for the default 12 weeks, kept once counted.
        Consumer<String> warm = teamId -> {
            var now = clock.instant();
            digests.overview(teamId, now, Access.periodEnd(now), 52);
            recognitionPage.page("", "", teamId, 52);
            recognitionPage.page("", "", teamId, 12);
        };
        return new DashboardFeature(
                new SignIn(sessions, new OpenIdConnect(slack, app, slackApiUrl), workspace, access, installed),
                new OverviewPage(access, digests, recognition, clock),
                recognitionPage,
                new VoicePage(access, digests, quotes, new QuoteLedger(dsl), clock),
                new PulsePage(access, pulse, clock),
                new Warmer(sessions, warm, clock),
                access);
    }

    /** Counts the past weeks of the dashboards in use ahead of their requests, from now on (see {@link Warmer}). */
    public void start() {
        warmer.start();
    }

    @Override
    public void close() {
        warmer.close();
    }

    public void routes(JavalinConfig config) {
        config.routes.before("/dashboard*", ctx -> {
            ctx.header("Content-Security-Policy", POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("Cache-Control", "no-store");
        });
        // The database out of reach: the dashboard's pages say so; other routes answer as Javalin does by default.
        config.routes.exception(DataAccessException.class, (e, ctx) -> {
            if (ctx.path().startsWith("/dashboard")) {
                log.warn("The dashboard could not reach the database: {}", e.getMessage());
                access.unavailable(ctx);
            } else {
                log.error("Uncaught exception", e);
                ctx.status(500).result("Server Error");
            }
        });
        config.routes.get("/dashboard/signin", signIn::begin);
        config.routes.get("/dashboard/oauth_redirect", signIn::finish);
        config.routes.post("/dashboard/signout", signIn::signOut);
        config.routes.get("/dashboard", overview::show);
        config.routes.get("/dashboard/charts/index.svg", overview::chart);
        config.routes.get("/dashboard/recognition", recognition::show);
        config.routes.get("/dashboard/charts/recognition.svg", recognition::chart);
        config.routes.get("/dashboard/export/kudos.csv", recognition::csv);
        config.routes.get("/dashboard/voice", voice::show);
        config.routes.get("/dashboard/charts/voice.svg", voice::chart);
        config.routes.get("/dashboard/export/quotes.csv", voice::csv);
        config.routes.get("/dashboard/pulse", pulse::show);
        config.routes.get("/dashboard/export/pulse.csv", pulse::csv);
        config.routes.get("/dashboard/assets/dashboard.css", ctx -> {
            try (var css = DashboardFeature.class.getResourceAsStream("/dashboard/dashboard.css")) {
                ctx.contentType("text/css; charset=utf-8")
                        .result(Objects.requireNonNull(css).readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
