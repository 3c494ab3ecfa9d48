package lodestar.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import lodestar.workspace.WorkspaceService;

/**
 * Who may see a dashboard page, and what every page answers alike: the way to sign in, a refusal that says why, a
 * page rendered by the template engine (which escapes every value), a chart.
 */
final class Access {
    static final String SESSION_COOKIE = "lodestar_session";

    private final Sessions sessions;
    private final WorkspaceService workspace;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    Access(Sessions sessions, WorkspaceService workspace) {
        this.sessions = sessions;
        this.workspace = workspace;
    }

    /** The session of whoever is signed in; otherwise they are sent to sign in. */
    Optional<Session> signedIn(Context ctx) {
        var session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            ctx.redirect("/dashboard/signin");
        }
        return session;
    }

    /** The session of a leader or admin; otherwise answered already (sign in, or not for you). */
    Optional<Session> leader(Context ctx) {
        var session = signedIn(ctx);
        if (session.isPresent() && !isLeader(session.get())) {
            refuse(ctx, 403, "For leaders and admins", "This page is for the workspace's leaders and admins.");
            return Optional.empty();
        }
        return session;
    }

    /** Leaders and admins see the workspace's figures; everyone else only their own recognition. */
    boolean isLeader(Session who) {
        return workspace.isLeader(who.teamId(), who.userId()) || workspace.canManage(who.teamId(), who.userId());
    }

    void refuse(Context ctx, int status, String title, String text) {
        ctx.status(status);
        render(
                ctx,
                "dashboard/message.jte",
                new Pages.Message(title, text, Optional.of("/dashboard/signin"), Optional.of("Try again")));
    }

    /** The page when the database cannot be reached: what happened, that nothing changed, and what to do. */
    void unavailable(Context ctx) {
        ctx.status(503);
        render(
                ctx,
                "dashboard/message.jte",
                new Pages.Message(
                        "Dashboard unavailable",
                        "Lodestar cannot reach its database right now, so nothing could be shown or changed."
                                + " Please try again in a minute.",
                        Optional.of("/dashboard"),
                        Optional.of("Try again")));
    }

    void render(Context ctx, String template, Object page) {
        var output = new StringOutput();
        templates.render(template, page, output);
        ctx.contentType("text/html; charset=utf-8").result(output.toString());
    }

    /**
     * Where the dashboard's weeks end: at the coming midnight (UTC), so that a week, once past, stays the same week
     * and its figures are counted once (the last week is the 6 days before today and today so far).
     */
    static Instant periodEnd(Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    }

    /** Draws a chart of the weeks ending at {@code end}, for a workspace. */
    interface Chart {
        String svg(String teamId, Instant end, int weeks);
    }

    /**
     * Answers a leader or admin with the chart of the period they chose (the dashboard's weeks, up to tonight), as SVG
     * for an {@code <img>}; anyone else as {@link #leader} does.
     */
    void chart(Context ctx, Instant now, Chart chart) {
        var who = leader(ctx);
        if (who.isPresent()) {
            svg(ctx, chart.svg(who.get().teamId(), periodEnd(now), weeks(ctx)));
        }
    }

    private static void svg(Context ctx, String svg) {
        // An image: its styles are its own, and it runs nothing.
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ctx.contentType("image/svg+xml; charset=utf-8").result(svg);
    }

    /** The period asked for, in weeks: 4 to 52, 12 unless said. */
    static int weeks(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("weeks"))
                .filter(w -> w.matches("\\d{1,2}"))
                .map(Integer::parseInt)
                .filter(w -> w >= 4 && w <= 52)
                .orElse(12);
    }
}
