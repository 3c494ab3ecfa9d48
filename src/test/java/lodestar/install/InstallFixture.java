package lodestar.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the install tests share: the bot serving many workspaces, started once for each test class that extends this
 * one (as {@link Harness} does for any class that registers it), and the steps that install it through "Add to Slack"
 * and read what was stored or answered.
 */
abstract class InstallFixture {
    @RegisterExtension
    static final Harness harness = Harness.manyWorkspaces();

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ONE = "T0ONE";
    static final String TWO = "T0TWO";

    static DSLContext dsl() {
        return TestDatabase.get().database().dsl();
    }

    /** What the installer's browser holds between the install page and Slack's redirect. */
    record Begun(String location, String state, String cookie) {}

    static HttpResponse<String> get(String path, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + harness.app().port() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static Begun begin() throws Exception {
        var response = get("/slack/install", null);
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        String state = URLDecoder.decode(location.replaceFirst(".*[?&]state=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.contains(state))
                .map(c -> c.split(";", 2)[0])
                .findFirst()
                .orElseThrow();
        return new Begun(location, state, cookie);
    }

    static HttpResponse<String> finish(Begun begun, String code) throws Exception {
        return get(
                "/slack/oauth_redirect?code=" + code + "&state="
                        + URLEncoder.encode(begun.state(), StandardCharsets.UTF_8),
                begun.cookie());
    }

    /** Installs the app in {@code team} (or org-wide in {@code enterprise} when team is null) with {@code token}. */
    static void install(String team, String enterprise, String token) throws Exception {
        String code = "code-" + (team == null ? enterprise : team);
        harness.slack().grantInstall(code, team, enterprise, token);
        var page = finish(begin(), code);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Lodestar is installed");
    }

    /** What the person was answered: in the ack, or through the response_url after it. */
    static String answer(SlackRequests.Reply reply) {
        return reply.body().isBlank() ? lastAnswer() : reply.text();
    }

    static String lastAnswer() {
        var calls = harness.slack().calls("response_url");
        return FakeSlack.allText(calls.get(calls.size() - 1).params());
    }

    static List<String> strings(String sql) {
        return dsl().fetchValues(sql).stream().map(String::valueOf).toList();
    }

    static lodestar.pulse.SeriesDraft survey(String channel) {
        return new lodestar.pulse.SeriesDraft(
                Optional.of(lodestar.pulse.Template.ENPS),
                "",
                Optional.of(lodestar.pulse.Series.Audience.CHANNEL),
                Optional.of(channel),
                true,
                3,
                3,
                lodestar.pulse.Recurrence.ONCE,
                Optional.empty(),
                java.time.LocalTime.of(9, 0),
                java.time.ZoneId.of("Europe/London"));
    }
}
