package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With many workspaces installed, each person signed in to the dashboard sees their own workspace only. */
class DashboardManyWorkspacesTest {
    @RegisterExtension
    static final Harness harness = Harness.manyWorkspaces();

    private static final DashboardClient browser = new DashboardClient(harness);
    private static final String ONE = "T0ONE";
    private static final String TWO = "T0TWO";

    @Test
    void aLeaderOfEachWorkspace_seesOnlyTheirOwn_andAWorkspaceWithoutLodestarIsRefused() throws Exception {
        install(ONE, "xoxb-one");
        install(TWO, "xoxb-two");
        harness.send()
                .from(ONE, null)
                .command("/kudos", "<@" + BOB + "|bob> #customer-first stayed late to fix a customer's export", ALICE);
        harness.clock().advance(java.time.Duration.ofMinutes(1));

        String one = DashboardClient.session(browser.signIn(ADMIN, ONE));
        String two = DashboardClient.session(browser.signIn(ADMIN, TWO));

        assertThat(browser.get("/dashboard", one).body()).contains("<tr><th scope=\"row\">Kudos</th><td>1</td></tr>");
        assertThat(browser.get("/dashboard", two).body()).contains("<tr><th scope=\"row\">Kudos</th><td>0</td></tr>");
        assertThat(browser.get("/dashboard/export/kudos.csv", one).body()).contains("stayed late to fix");
        assertThat(browser.get("/dashboard/export/kudos.csv", two).body())
                .doesNotContain("stayed late to fix")
                .hasLineCount(1);

        var elsewhere = browser.signIn(ADMIN, "T0ELSEWHERE");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.body()).contains("Lodestar is not installed in your Slack workspace");
        assertThat(elsewhere.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(Access.SESSION_COOKIE));
    }

    private static void install(String team, String token) throws Exception {
        var begin = browser.get("/slack/install", null);
        String location = begin.headers().firstValue("Location").orElseThrow();
        String state = URLDecoder.decode(location.replaceFirst(".*[?&]state=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        String cookie = begin.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.contains(state))
                .map(c -> c.split(";", 2)[0])
                .findFirst()
                .orElseThrow();
        harness.slack().grantInstall("code-" + team, team, null, token);
        var page = browser.get(
                "/slack/oauth_redirect?code=code-" + team + "&state="
                        + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8),
                cookie);
        assertThat(page.body()).contains("Lodestar is installed");
    }
}
