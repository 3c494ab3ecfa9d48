package lodestar.dashboard;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Optional;
import java.util.function.Predicate;
import lodestar.workspace.WorkspaceService;

/**
 * Sign in with Slack (OpenID Connect) and sign out. The state travels in an {@code HttpOnly} cookie and in the
 * database, single use; the session cookie is {@code HttpOnly}, {@code SameSite=Lax}, and {@code Secure} over HTTPS.
 */
final class SignIn {
    static final String SIGN_IN_COOKIE = "lodestar_signin";

    private final Sessions sessions;
    private final OpenIdConnect slack;
    private final WorkspaceService workspace;
    private final Access access;
    private final Predicate<String> installed;

    SignIn(
            Sessions sessions,
            OpenIdConnect slack,
            WorkspaceService workspace,
            Access access,
            Predicate<String> installed) {
        this.sessions = sessions;
        this.installed = installed;
        this.slack = slack;
        this.workspace = workspace;
        this.access = access;
    }

    void begin(Context ctx) {
        var signIn = sessions.beginSignIn();
        ctx.cookie(cookie(ctx, SIGN_IN_COOKIE, signIn.state(), (int) Sessions.SIGN_IN_WITHIN.toSeconds()));
        ctx.redirect(slack.authorize(signIn.state(), signIn.nonce(), redirectUri(ctx)));
    }

    void finish(Context ctx) {
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
            access.refuse(
                    ctx,
                    400,
                    "Sign-in failed",
                    "Slack did not confirm who you are, or the sign-in link expired or was"
                            + " already used. Nothing was stored.");
            return;
        }
        String teamId = identity.get().teamId();
        if (!workspace.exists(teamId) && !installed.test(teamId)) {
            access.refuse(
                    ctx,
                    403,
                    "Not available for your workspace",
                    "Lodestar is not installed in your Slack workspace, so there is no dashboard for it.");
            return;
        }
        // A workspace that installed Lodestar and has not used it yet gets its settings now, as at its first command.
        workspace.settings(teamId, null);
        sessions.close(ctx.cookie(Access.SESSION_COOKIE));
        String id = sessions.open(identity.get());
        ctx.cookie(cookie(ctx, Access.SESSION_COOKIE, id, (int) Sessions.LASTS.toSeconds()));
        ctx.redirect("/dashboard");
    }

    void signOut(Context ctx) {
        String id = ctx.cookie(Access.SESSION_COOKIE);
        var session = sessions.find(id);
        if (session.isPresent() && !session.get().csrf().equals(ctx.formParam("csrf"))) {
            access.refuse(
                    ctx, 403, "Not signed out", "That request did not come from your dashboard page. Nothing changed.");
            return;
        }
        sessions.close(id);
        ctx.removeCookie(Access.SESSION_COOKIE, "/dashboard");
        access.render(
                ctx,
                "dashboard/message.jte",
                new Pages.Message(
                        "Signed out",
                        "You are signed out of the Lodestar dashboard.",
                        Optional.of("/dashboard/signin"),
                        Optional.of("Sign in again")));
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
