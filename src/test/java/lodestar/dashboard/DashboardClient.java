package lodestar.dashboard;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;

/** A browser's requests to the dashboard, over HTTP, and signing in through the fake Slack. */
final class DashboardClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Harness harness;

    DashboardClient(Harness harness) {
        this.harness = harness;
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + harness.app().port() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Signs {@code user} of the fake's workspace in; returns the session cookie. */
    String signIn(String user) throws Exception {
        return session(signIn(user, FakeSlack.TEAM));
    }

    /** Signs {@code user} of workspace {@code team} in; returns Slack's redirect back, answered. */
    HttpResponse<String> signIn(String user, String team) throws Exception {
        var start = get("/dashboard/signin", null);
        String location = start.headers().firstValue("Location").orElseThrow();
        String signInCookie = start.headers().allValues("Set-Cookie").get(0).split(";", 2)[0];
        String code = "code-" + team + "-" + user;
        harness.slack().grantSignIn(code, Harness.CLIENT_ID, query(location, "nonce"), team, user, user);
        return get("/dashboard/oauth_redirect?code=" + code + "&state=" + query(location, "state"), signInCookie);
    }

    /** The session cookie a sign-in set. */
    static String session(HttpResponse<String> signedIn) {
        return signedIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Access.SESSION_COOKIE))
                .findFirst()
                .orElseThrow()
                .split(";", 2)[0];
    }

    /**
     * The cells of each body row of the tables in the page's section labelled {@code id}, as text: what a reader of
     * the table sees, tags removed, entities left as they are.
     */
    static List<List<String>> rows(String html, String id) {
        String section = section(html, id);
        List<List<String>> rows = new ArrayList<>();
        var row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(section);
        while (row.find()) {
            if (row.group(1).contains("<td>")) {
                var cell = Pattern.compile("<t[hd][^>]*>(.*?)</t[hd]>", Pattern.DOTALL)
                        .matcher(row.group(1));
                List<String> cells = new ArrayList<>();
                while (cell.find()) {
                    cells.add(cell.group(1).replaceAll("<[^>]*>", "").strip());
                }
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The page's section labelled {@code id}, as HTML. */
    static String section(String html, String id) {
        int start = html.indexOf("<section aria-labelledby=\"" + id + "\">");
        if (start < 0) {
            throw new AssertionError("No section " + id + " in " + html);
        }
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static String query(String url, String name) {
        return URLDecoder.decode(url.replaceFirst(".*[?&]" + name + "=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    }
}
