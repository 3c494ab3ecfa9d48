package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign in with Slack to the dashboard, over HTTP against a fake Slack, as a leader, a member and a forger. */
class DashboardSignInTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The browser between the sign-in page and Slack's redirect: where it was sent, and what it was given. */
    private record Begun(String location, String state, String nonce, String cookie) {}

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + harness.app().port() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + harness.app().port() + path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(
                request.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String query(String url, String name) {
        var m = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        assertThat(m.find()).as(name + " in " + url).isTrue();
        return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow();
    }

    private static Begun begin() throws Exception {
        var response = get("/dashboard/signin", null);
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        return new Begun(
                location,
                query(location, "state"),
                query(location, "nonce"),
                cookie(response, SignIn.SIGN_IN_COOKIE).split(";", 2)[0]);
    }

    /** Signs {@code user} in; returns the session cookie. */
    private static String signIn(String user) throws Exception {
        var begun = begin();
        harness.slack()
                .grantSignIn("code-" + user, Harness.CLIENT_ID, begun.nonce(), FakeSlack.TEAM, user, "Name of " + user);
        var back = get("/dashboard/oauth_redirect?code=code-" + user + "&state=" + begun.state(), begun.cookie());
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).hasValue("/dashboard");
        // The code was exchanged with the app's own credentials, for the address Slack sent the person back to.
        var calls = harness.slack().calls("openid.connect.token");
        var exchange = calls.get(calls.size() - 1);
        assertThat(exchange.token())
                .isEqualTo("Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString((Harness.CLIENT_ID + ":test-client-secret")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(exchange.text("redirect_uri")).isEqualTo(query(begun.location(), "redirect_uri"));
        return cookie(back, Access.SESSION_COOKIE).split(";", 2)[0];
    }

    private static int sessions() {
        return TestDatabase.get().database().dsl().fetchCount(Tables.DASHBOARD_SESSION);
    }

    @Test
    void unsigned_isSentToSlacksAuthorizePage_withAStateANonceAndAnHttpOnlyCookie() throws Exception {
        var home = get("/dashboard", null);
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValue("/dashboard/signin");

        var signIn = get("/dashboard/signin", null);

        String location = signIn.headers().firstValue("Location").orElseThrow();
        String apiOrigin = harness.slack().apiUrl().replaceFirst("/api/$", "");
        assertThat(location).startsWith(apiOrigin + "/openid/connect/authorize?response_type=code");
        assertThat(query(location, "client_id")).isEqualTo(Harness.CLIENT_ID);
        assertThat(query(location, "scope")).isEqualTo("openid profile");
        assertThat(query(location, "redirect_uri"))
                .isEqualTo("http://localhost:" + harness.app().port() + "/dashboard/oauth_redirect");
        assertThat(cookie(signIn, SignIn.SIGN_IN_COOKIE))
                .contains("HttpOnly", "SameSite=Lax", "Path=/dashboard")
                .doesNotContain("Secure");
    }

    @Test
    void behindAnHttpsProxy_theCookiesAreSecure_andSlackSendsThePersonBackOverHttps() throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + harness.app().port() + "/dashboard/signin"))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "lodestar.example.com")
                .GET()
                .build();

        var signIn = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(cookie(signIn, SignIn.SIGN_IN_COOKIE)).contains("Secure", "HttpOnly", "SameSite=Lax");
        assertThat(query(signIn.headers().firstValue("Location").orElseThrow(), "redirect_uri"))
                .isEqualTo("https://lodestar.example.com/dashboard/oauth_redirect");
    }

    @Test
    void aLeader_seesTheOverviewWithThisWeeksTrueFigures_underAContentSecurityPolicy() throws Exception {
        harness.send().command("/kudos", "<@" + BOB + "|bob> #customer-first called the customer back", ALICE);
        harness.send().command("/kudos", "<@" + ALICE + "|alice> #ownership fixed the export", BOB);
        harness.clock().advance(java.time.Duration.ofMinutes(1));
        String session = signIn(ADMIN);

        var page = get("/dashboard", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardFeature.POLICY);
        var digest = harness.app()
                .digest()
                .service()
                .compute(FakeSlack.TEAM, harness.clock().instant(), java.time.ZoneOffset.UTC);
        assertThat(page.body())
                .contains("CX culture overview", "Signed in as Name of " + ADMIN)
                .contains("<tr><th scope=\"row\">Kudos</th><td>" + digest.now().kudos() + "</td></tr>")
                .contains("CX culture index: <span class=\"figure\">"
                        + digest.now().index().value().map(String::valueOf).orElse("—"));
        assertThat(digest.now().kudos()).isEqualTo(2);
    }

    @Test
    void aLeaderNamedInLodestar_whoIsNoSlackAdmin_seesTheOverviewToo() throws Exception {
        harness.send().command("/cx", "leaders add <@" + CAROL + "|carol>", ADMIN);

        var page = get("/dashboard", signIn(CAROL));

        assertThat(page.body()).contains("CX culture overview");
    }

    @Test
    void aMember_seesOnlyTheirOwnRecognition_escaped_andIsToldWhy() throws Exception {
        harness.send()
                .command(
                        "/kudos",
                        // as Slack sends what was typed: escaped
                        "<@" + ALICE + "|alice> #customer-first wrote &lt;script&gt;alert(1)&lt;/script&gt; back",
                        BOB);
        String session = signIn(ALICE);

        var page = get("/dashboard", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Your recognition", "for the workspace's leaders and admins")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>", "CX culture overview");
    }

    @Test
    void aForgedState_aStateWithoutItsCookie_aForgedNonce_andAReusedCode_areRefused_andNoSessionIsOpened()
            throws Exception {
        harness.send().command("/cx", "mission Serve", ADMIN);
        var begun = begin();
        harness.slack().grantSignIn("code-1", Harness.CLIENT_ID, begun.nonce(), FakeSlack.TEAM, ADMIN, "Admin");

        assertThat(get("/dashboard/oauth_redirect?code=code-1&state=forged", "lodestar_signin=forged")
                        .statusCode())
                .isEqualTo(400);
        assertThat(get("/dashboard/oauth_redirect?code=code-1&state=" + begun.state(), null)
                        .statusCode())
                .isEqualTo(400);

        var again = begin();
        harness.slack().grantSignIn("code-2", Harness.CLIENT_ID, "another-nonce", FakeSlack.TEAM, ADMIN, "Admin");
        var forgedNonce = get("/dashboard/oauth_redirect?code=code-2&state=" + again.state(), again.cookie());
        assertThat(forgedNonce.statusCode()).isEqualTo(400);
        assertThat(forgedNonce.body()).contains("Sign-in failed", "Nothing was stored");

        assertThat(sessions()).isZero();
        var first = get("/dashboard/oauth_redirect?code=code-1&state=" + begun.state(), begun.cookie());
        assertThat(first.statusCode()).as("the genuine one, still unused").isEqualTo(302);
        var replayed = get("/dashboard/oauth_redirect?code=code-1&state=" + begun.state(), begun.cookie());
        assertThat(replayed.statusCode()).as("the same redirect again").isEqualTo(400);
        assertThat(sessions()).isEqualTo(1);
    }

    @Test
    void signingOut_needsTheFormsToken_thenEndsTheSession() throws Exception {
        harness.send().command("/cx", "mission Serve", ADMIN);
        String session = signIn(ADMIN);
        var page = get("/dashboard", session).body();
        String csrf = page.replaceFirst("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");

        assertThat(post("/dashboard/signout", session, "csrf=wrong").statusCode())
                .isEqualTo(403);
        assertThat(sessions()).isEqualTo(1);

        var out = post("/dashboard/signout", session, "csrf=" + csrf);

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).contains("Signed out");
        assertThat(sessions()).isZero();
        assertThat(get("/dashboard", session).statusCode()).isEqualTo(302);
    }
}
