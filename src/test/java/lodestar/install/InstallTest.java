package lodestar.install;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;

/** "Add to Slack": installing over HTTP against a fake Slack, serving several workspaces apart, rotating tokens. */
class InstallTest extends InstallFixture {
    @Test
    void addToSlack_goesToSlackWithTheManifestScopes_andTheRedirectStoresTheInstallation_whoseTokenActs()
            throws Exception {
        var begun = begin();
        assertThat(begun.location())
                .startsWith("https://slack.com/oauth/v2/authorize?client_id=" + Harness.CLIENT_ID + "&scope=")
                .contains(URLEncoder.encode(String.join(",", InstallFeature.BOT_SCOPES), StandardCharsets.UTF_8));
        assertThat(begun.cookie()).startsWith("slack-app-oauth-state=");
        harness.slack().grantInstall("code-1", ONE, null, "xoxb-one");

        var page = finish(begun, "code-1");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Lodestar is installed", "/cx help");
        assertThat(harness.slack().only("oauth.v2.access").text("code")).isEqualTo("code-1");
        var stored = dsl().selectFrom(lodestar.db.schema.Tables.INSTALLATION).fetchSingle();
        assertThat(stored.getTeamId()).isEqualTo(ONE);
        assertThat(new String(stored.getBotToken(), StandardCharsets.ISO_8859_1))
                .as("the token is sealed at rest")
                .doesNotContain("xoxb-one");

        harness.send().from(ONE, null).command("/quote", "add", ALICE);

        assertThat(harness.slack().only("views.open").token()).isEqualTo("xoxb-one");
    }

    @Test
    void twoWorkspacesSideBySide_neverSeeEachOthersData_andEachIsActedForWithItsOwnToken() throws Exception {
        install(ONE, null, "xoxb-one");
        install(TWO, null, "xoxb-two");
        var one = harness.send().from(ONE, null);
        var two = harness.send().from(TWO, null);

        one.command("/cx", "mission Delight the first customer", ADMIN);
        two.command("/cx", "mission Delight the second customer", ADMIN);
        one.command("/kudos", "<@" + BOB + "|bob> #customer-first stayed late to fix a customer's export", ALICE);
        harness.slack().reset();

        String secondHome = answer(two.command("/cx", "mission", ALICE));
        String secondKudos = answer(two.command("/kudos", "me", BOB));
        String secondDigest = answer(two.command("/cx", "digest", ADMIN));
        two.command("/quote", "add", ALICE);
        var secondCalls = tokensUsed();
        harness.slack().reset();
        String firstKudos = answer(one.command("/kudos", "me", BOB));
        one.command("/quote", "add", ALICE);
        var firstCalls = tokensUsed();

        assertThat(secondHome).contains("Delight the second customer").doesNotContain("first customer");
        assertThat(secondKudos).contains("Received: *0*");
        assertThat(secondDigest).doesNotContain("stayed late", "first customer");
        assertThat(firstKudos).contains("Received: *1*");
        assertThat(strings("select distinct team_id from kudos")).containsExactly(ONE);
        assertThat(secondCalls)
                .as("what the second workspace's requests called Slack with")
                .containsOnly("xoxb-two");
        assertThat(firstCalls)
                .as("what the first workspace's requests called Slack with")
                .containsOnly("xoxb-one");
    }

    @Test
    void anOrgWideInstall_servesTwoWorkspacesOfTheOrganisation_eachWithItsOwnSettings() throws Exception {
        install(null, "E0ORG", "xoxb-org");
        var first = harness.send().from("T0ORGA", "E0ORG");
        var second = harness.send().from("T0ORGB", "E0ORG");

        first.command("/cx", "mission Answer within the hour", ADMIN);
        second.command("/cx", "mission Fix the root cause", ADMIN);
        String firstSettings = answer(first.command("/cx", "mission", ALICE));
        String secondSettings = answer(second.command("/cx", "mission", ALICE));
        second.command("/quote", "add", ALICE);

        assertThat(firstSettings).contains("Answer within the hour").doesNotContain("Fix the root cause");
        assertThat(secondSettings).contains("Fix the root cause").doesNotContain("Answer within the hour");
        assertThat(strings("select team_id from workspace order by team_id")).containsExactly("T0ORGA", "T0ORGB");
        assertThat(harness.slack().only("views.open").token()).isEqualTo("xoxb-org");
    }

    @Test
    void scheduledWork_actsForEachWorkspaceWithItsOwnToken() throws Exception {
        install(ONE, null, "xoxb-one");
        install(TWO, null, "xoxb-two");
        harness.slack().setMembers("C0ONE", List.of(ALICE, BOB, ADMIN));
        harness.slack().setMembers("C0TWO", List.of(ALICE, BOB, ADMIN));
        var pulse = harness.app().pulse().service();
        for (var team : List.of(ONE, TWO)) {
            var created = pulse.create(
                    new lodestar.workspace.Actor(team, null, ADMIN),
                    new lodestar.pulse.SeriesDraft(
                            Optional.of(lodestar.pulse.Template.ENPS),
                            "",
                            Optional.of(lodestar.pulse.Series.Audience.CHANNEL),
                            Optional.of(team.equals(ONE) ? "C0ONE" : "C0TWO"),
                            true,
                            3,
                            3,
                            lodestar.pulse.Recurrence.ONCE,
                            Optional.empty(),
                            java.time.LocalTime.of(9, 0),
                            java.time.ZoneId.of("Europe/London")));
            assertThat(created).isInstanceOf(lodestar.pulse.PulseService.Created.Done.class);
        }
        harness.slack().reset();

        harness.clock().advance(Duration.ofDays(1));
        harness.app().pulse().tick();

        var surveys = harness.slack().calls("chat.postMessage");
        assertThat(surveys)
                .extracting(call -> call.text("channel") + " " + call.token())
                .containsExactlyInAnyOrder("C0ONE xoxb-one", "C0TWO xoxb-two");
        assertThat(harness.slack().calls("conversations.members"))
                .extracting(call -> call.text("channel") + " " + call.token())
                .containsExactlyInAnyOrder("C0ONE xoxb-one", "C0TWO xoxb-two");
    }

    @Test
    void aRotatingToken_isRefreshedForScheduledWorkToo_beforeItExpires() throws Exception {
        harness.slack().grantInstall("code-rotating", ONE, null, "xoxe.xoxb-one", Duration.ofMinutes(5));
        assertThat(finish(begin(), "code-rotating").statusCode()).isEqualTo(200);
        harness.slack().setMembers("C0ONE", List.of(ALICE, BOB, ADMIN));
        harness.app().pulse().service().create(new lodestar.workspace.Actor(ONE, null, ADMIN), survey("C0ONE"));

        harness.clock().advance(Duration.ofDays(1));
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.token())
                .containsExactly("xoxe.xoxb-one-2");
        assertThat(harness.slack().calls("oauth.v2.access").stream()
                        .filter(call -> "refresh_token".equals(call.text("grant_type"))))
                .as("refreshed once, by the first work that needed the token")
                .hasSize(1);
    }

    @Test
    void aRotatingToken_isRefreshedBeforeItExpires_once() throws Exception {
        harness.slack().grantInstall("code-rotating", ONE, null, "xoxe.xoxb-one", Duration.ofMinutes(5));
        assertThat(finish(begin(), "code-rotating").statusCode()).isEqualTo(200);

        harness.send().from(ONE, null).command("/quote", "add", ALICE);
        harness.send().from(ONE, null).command("/quote", "add", BOB);

        assertThat(harness.slack().calls("views.open"))
                .extracting(call -> call.token())
                .containsExactly("xoxe.xoxb-one-2", "xoxe.xoxb-one-2");
        assertThat(harness.slack().calls("oauth.v2.access").stream()
                        .filter(call -> "refresh_token".equals(call.text("grant_type"))))
                .hasSize(1);
    }

    @Test
    void aForgedOrExpiredState_aStateWithoutItsCookie_andAReplayedCode_areRefused_andNothingIsStored()
            throws Exception {
        harness.slack().grantInstall("code-forged", ONE, null, "xoxb-one");
        var forged = new Begun("", "made-up-state", "slack-app-oauth-state=made-up-state");
        assertRefused(finish(forged, "code-forged"));

        var withoutCookie = begin();
        assertRefused(finish(new Begun("", withoutCookie.state(), null), "code-forged"));

        var expired = begin();
        harness.clock().advance(OAuthStates.EXPIRES_AFTER.plus(Duration.ofSeconds(1)));
        assertRefused(finish(expired, "code-forged"));
        assertThat(installations()).isZero();

        var begun = begin();
        assertThat(finish(begun, "code-forged").statusCode()).isEqualTo(200);
        var installedAt = dsl().fetchValue("select installed_at from installation");
        assertRefused(finish(begun, "code-forged"));
        assertThat(dsl().fetchValue("select installed_at from installation")).isEqualTo(installedAt);
        assertThat(installations()).isEqualTo(1);
    }

    @Test
    void aWorkspaceLodestarIsNotInstalledIn_isToldSo_andNothingIsStored() {
        var reply = harness.send()
                .from("T0STRANGER", null)
                .command("/kudos", "<@" + BOB + "|bob> #customer-first thanks", ALICE);

        assertThat(answer(reply)).contains("isn't installed in this workspace", "Add to Slack");
        assertThat(dsl().fetchCount(lodestar.db.schema.Tables.KUDOS)).isZero();
        assertThat(dsl().fetchCount(lodestar.db.schema.Tables.WORKSPACE)).isZero();
    }

    private static int installations() {
        return dsl().fetchCount(lodestar.db.schema.Tables.INSTALLATION);
    }

    /** The tokens of the Web API calls made since the fake was reset (at least one). */
    private static List<String> tokensUsed() {
        var tokens = harness.slack().calls().stream()
                .filter(call -> !call.method().equals("response_url"))
                .map(call -> String.valueOf(call.token()))
                .distinct()
                .toList();
        assertThat(tokens).isNotEmpty();
        return tokens;
    }

    private static void assertRefused(HttpResponse<String> page) {
        assertThat(page.statusCode()).isBetween(400, 499);
        assertThat(page.body()).contains("Lodestar was not installed", "Nothing was stored", "/slack/install");
    }
}
