package lodestar.dashboard;

import com.slack.api.Slack;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import lodestar.Config;
import lodestar.digest.DigestService;
import lodestar.pulse.PulseService;
import lodestar.pulse.Results;
import lodestar.pulse.Series;
import lodestar.recognition.KudosLedger;
import lodestar.recognition.RecognitionService;
import lodestar.secret.ServerSecret;
import lodestar.workspace.Actor;
import lodestar.workspace.WorkspaceService;
import org.jooq.DSLContext;

/**
 * The leader dashboard on the web, served by the bot's own server: Sign in with Slack, then the overview for leaders
 * and admins, or a member's own recognition. Sessions are in the database, their cookies {@code HttpOnly},
 * {@code SameSite=Lax} and {@code Secure} over HTTPS; every page is rendered by a template engine that escapes, under a
 * Content-Security-Policy that allows nothing but the dashboard's own stylesheet.
 */
public final class DashboardFeature {
    static final String SESSION_COOKIE = "lodestar_session";
    static final String SIGN_IN_COOKIE = "lodestar_signin";
    static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private final Sessions sessions;
    private final OpenIdConnect slack;
    private final WorkspaceService workspace;
    private final RecognitionService recognition;
    private final DigestService digests;
    private final Clock clock;
    private final KudosLedger ledger;
    private final PulseService pulse;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    private DashboardFeature(
            Sessions sessions,
            OpenIdConnect slack,
            WorkspaceService workspace,
            RecognitionService recognition,
            DigestService digests,
            KudosLedger ledger,
            PulseService pulse,
            Clock clock) {
        this.sessions = sessions;
        this.ledger = ledger;
        this.pulse = pulse;
        this.slack = slack;
        this.workspace = workspace;
        this.recognition = recognition;
        this.digests = digests;
        this.clock = clock;
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
            PulseService pulse,
            Clock clock) {
        return new DashboardFeature(
                new Sessions(dsl, secret, clock),
                new OpenIdConnect(slack, app, slackApiUrl),
                workspace,
                recognition,
                digests,
                new KudosLedger(dsl),
                pulse,
                clock);
    }

    public void routes(JavalinConfig config) {
        config.routes.before("/dashboard*", ctx -> {
            ctx.header("Content-Security-Policy", POLICY);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "same-origin");
            ctx.header("Cache-Control", "no-store");
        });
        config.routes.get("/dashboard", this::home);
        config.routes.get("/dashboard/signin", this::signIn);
        config.routes.get("/dashboard/oauth_redirect", this::signedIn);
        config.routes.post("/dashboard/signout", this::signOut);
        config.routes.get("/dashboard/export/kudos.csv", this::kudosCsv);
        config.routes.get("/dashboard/charts/index.svg", this::chart);
        config.routes.get("/dashboard/pulse", this::pulse);
        config.routes.get("/dashboard/export/pulse.csv", this::pulseCsv);
        config.routes.get("/dashboard/assets/dashboard.css", ctx -> {
            try (var css = DashboardFeature.class.getResourceAsStream("/dashboard/dashboard.css")) {
                ctx.contentType("text/css; charset=utf-8")
                        .result(Objects.requireNonNull(css).readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void home(Context ctx) {
        var session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            ctx.redirect("/dashboard/signin");
            return;
        }
        var who = session.get();
        if (workspace.isLeader(who.teamId(), who.userId()) || workspace.canManage(who.teamId(), who.userId())) {
            int weeks = weeks(ctx);
            var now = clock.instant();
            render(
                    ctx,
                    "dashboard/overview.jte",
                    new Pages.Overview(who.name(), who.csrf(), weeks, digests.trend(who.teamId(), now, weeks)));
        } else {
            var actor = new Actor(who.teamId(), null, who.userId());
            render(ctx, "dashboard/member.jte", new Pages.Member(who.name(), who.csrf(), recognition.summary(actor)));
        }
    }

    /** The kudos ledger of the last {@code weeks} weeks (4 to 52; 12 unless said), for leaders and admins. */
    private void kudosCsv(Context ctx) {
        var who = leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        int weeks = weeks(ctx);
        var to = clock.instant();
        sendCsv(
                ctx,
                "lodestar-kudos-" + Pages.isoDay(to) + ".csv",
                out -> CsvExport.kudos(ledger, who.get().teamId(), to.minus(Duration.ofDays(7L * weeks)), to, out));
    }

    /**
     * Writes the CSV to a temporary file first and sends it only once it is complete: a failure part way is a 500,
     * never a shorter file that looks whole, and no database connection waits on a slow download.
     */
    private static void sendCsv(Context ctx, String filename, Consumer<Writer> write) {
        Path file = null;
        try {
            file = Files.createTempFile("lodestar-export", ".csv");
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                write.accept(out);
            }
            ctx.contentType("text/csv; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
            ctx.result(Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                file.toFile().delete();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Each pulse series' runs: eNPS or belief score and response rate, or "not enough answers". */
    private void pulse(Context ctx) {
        var who = leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        var series = pulseResults(who.get().teamId()).stream()
                .map(entry -> PulseTable.rows(entry.getKey(), entry.getValue()))
                .toList();
        render(
                ctx,
                "dashboard/pulse.jte",
                new Pages.Pulse(who.get().name(), who.get().csrf(), series));
    }

    private void pulseCsv(Context ctx) {
        var who = leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        var results = pulseResults(who.get().teamId());
        sendCsv(ctx, "lodestar-pulse-" + Pages.isoDay(clock.instant()) + ".csv", out -> CsvExport.pulse(results, out));
    }

    /** The workspace's latest series (newest first), each with its counted runs (oldest first). */
    private List<Map.Entry<Series, List<Results>>> pulseResults(String teamId) {
        return pulse.list(teamId).stream()
                .map(series -> Map.entry(series, pulse.resultsOf(teamId, series.id())))
                .toList();
    }

    /** The trend chart of the chosen period, as SVG, for leaders and admins; the page has its figures as a table. */
    private void chart(Context ctx) {
        var who = leader(ctx);
        if (who.isEmpty()) {
            return;
        }
        String svg = TrendChart.svg(digests.trend(who.get().teamId(), clock.instant(), weeks(ctx)));
        // An image, shown by <img>: its styles are its own, and it runs nothing.
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ctx.contentType("image/svg+xml; charset=utf-8").result(svg);
    }

    /** The period asked for, in weeks: 4 to 52, 12 unless said. */
    private static int weeks(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("weeks"))
                .filter(w -> w.matches("\\d{1,2}"))
                .map(Integer::parseInt)
                .filter(w -> w >= 4 && w <= 52)
                .orElse(12);
    }

    /** The session of a leader or admin; otherwise answered already (sign in, or not for you). */
    private Optional<Session> leader(Context ctx) {
        var session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            ctx.redirect("/dashboard/signin");
            return Optional.empty();
        }
        var who = session.get();
        if (!workspace.isLeader(who.teamId(), who.userId()) && !workspace.canManage(who.teamId(), who.userId())) {
            refuse(ctx, 403, "For leaders and admins", "This page is for the workspace's leaders and admins.");
            return Optional.empty();
        }
        return session;
    }

    private void signIn(Context ctx) {
        var signIn = sessions.beginSignIn();
        ctx.cookie(cookie(ctx, SIGN_IN_COOKIE, signIn.state(), (int) Sessions.SIGN_IN_WITHIN.toSeconds()));
        ctx.redirect(slack.authorize(signIn.state(), signIn.nonce(), redirectUri(ctx)));
    }

    private void signedIn(Context ctx) {
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        String expected = ctx.cookie(SIGN_IN_COOKIE);
        ctx.removeCookie(SIGN_IN_COOKIE, "/dashboard");
        // The state must be the one this browser was given, issued here, unexpired and unused.
        Optional<String> nonce = state == null || code == null || !state.equals(expected)
                ? Optional.empty()
                : sessions.finishSignIn(state);
        var identity = nonce.flatMap(n -> slack.identify(code, redirectUri(ctx), n));
        if (identity.isEmpty()) {
            refuse(
                    ctx,
                    400,
                    "Sign-in failed",
                    "Slack did not confirm who you are, or the sign-in link expired or was"
                            + " already used. Nothing was stored.");
            return;
        }
        if (!workspace.exists(identity.get().teamId())) {
            refuse(
                    ctx,
                    403,
                    "Not available for your workspace",
                    "Lodestar is not installed in your Slack workspace," + " so there is no dashboard for it.");
            return;
        }
        String id = sessions.open(identity.get());
        ctx.cookie(cookie(ctx, SESSION_COOKIE, id, (int) Sessions.LASTS.toSeconds()));
        ctx.redirect("/dashboard");
    }

    private void signOut(Context ctx) {
        String id = ctx.cookie(SESSION_COOKIE);
        var session = sessions.find(id);
        if (session.isPresent() && !session.get().csrf().equals(ctx.formParam("csrf"))) {
            refuse(ctx, 403, "Not signed out", "That request did not come from your dashboard page. Nothing changed.");
            return;
        }
        sessions.close(id);
        ctx.removeCookie(SESSION_COOKIE, "/dashboard");
        render(
                ctx,
                "dashboard/message.jte",
                new Pages.Message(
                        "Signed out",
                        "You are signed out of the Lodestar dashboard.",
                        Optional.of("/dashboard/signin"),
                        Optional.of("Sign in again")));
    }

    private void refuse(Context ctx, int status, String title, String text) {
        ctx.status(status);
        render(
                ctx,
                "dashboard/message.jte",
                new Pages.Message(title, text, Optional.of("/dashboard/signin"), Optional.of("Try again")));
    }

    private void render(Context ctx, String template, Object page) {
        var output = new StringOutput();
        templates.render(template, page, output);
        ctx.contentType("text/html; charset=utf-8").result(output.toString());
    }

    private static Cookie cookie(Context ctx, String name, String value, int maxAge) {
        var cookie = new Cookie(name, value, "/dashboard", maxAge, https(ctx));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.LAX);
        return cookie;
    }

    private static boolean https(Context ctx) {
        return "https"
                .equalsIgnoreCase(
                        Optional.ofNullable(ctx.header("X-Forwarded-Proto")).orElse(ctx.scheme()));
    }

    /** Where Slack sends the person back: this server as the browser reached it (behind a proxy, as it says). */
    private static String redirectUri(Context ctx) {
        String scheme = https(ctx) ? "https" : ctx.scheme();
        String host = Optional.ofNullable(ctx.header("X-Forwarded-Host")).orElse(ctx.host());
        return scheme + "://" + host + "/dashboard/oauth_redirect";
    }
}
