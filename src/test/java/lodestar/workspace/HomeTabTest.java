package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HomeTabTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode homeOpened(String userId, String tab) {
        return JSON.createObjectNode()
                .put("type", "app_home_opened")
                .put("user", userId)
                .put("channel", "D" + userId)
                .put("tab", tab)
                .put("event_ts", "1700000000.000100");
    }

    /** Opens the Home tab and returns the text of the view the bot published. */
    private static String openHome(String userId) {
        harness.slack().reset();
        var reply = harness.send().event(homeOpened(userId, "home"));
        assertThat(reply.status()).isEqualTo(200);
        var publish = harness.slack().only("views.publish");
        assertThat(publish.text("user_id")).isEqualTo(userId);
        assertThat(publish.params().path("view").path("type").asText()).isEqualTo("home");
        return FakeSlack.allText(publish.params().path("view"));
    }

    @Test
    void newWorkspace_showsStarterValues_andInvitesAnAdminToSetTheMission() {
        assertThat(openHome(ADMIN))
                .contains("No CX mission yet", "/cx mission <text>", "#customer-first", "Own the problem", "/kudos");
        assertThat(openHome(ALICE)).contains("No CX mission yet", "Ask a Lodestar admin");
    }

    @Test
    void settingChangedByAnAdmin_showsOnHome() {
        harness.send().command("/cx", "mission We exist so customers never wait.", ADMIN);
        harness.send().command("/cx", "values add candour — Tell the truth early.", ADMIN);

        assertThat(openHome(ALICE)).contains("We exist so customers never wait.", "#candour", "Tell the truth early.");
    }

    @Test
    void settingChangeTriedByAMember_isRefused_andHomeIsUnchanged() {
        harness.send().command("/cx", "mission Sneaky mission.", ALICE);
        harness.send().command("/cx", "values remove empathy", ALICE);

        assertThat(openHome(ALICE)).doesNotContain("Sneaky mission.").contains("No CX mission yet", "#empathy");
    }

    @Test
    void userTextOnHome_cannotPingTheChannel() {
        harness.send().command("/cx", "values add reach — Tell @here and <https://evil.example|docs> about it", ADMIN);

        var home = openHome(ALICE);
        assertThat(home).doesNotContain("<!here>", "@here", "|docs>").contains("docs (https://evil.example)");
    }

    @Test
    void messagesTab_publishesNothing() {
        var reply = harness.send().event(homeOpened(ALICE, "messages"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().calls("views.publish")).isEmpty();
    }

    @Test
    void rateLimitedPublish_isRetriedAfterRetryAfter() {
        harness.slack()
                .failNext("views.publish", 429, Map.of("Retry-After", "3"), "{\"ok\":false,\"error\":\"ratelimited\"}");

        harness.send().event(homeOpened(ALICE, "home"));

        assertThat(harness.slack().calls("views.publish")).hasSize(2);
        assertThat(harness.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void slackError_isAcknowledgedAnyway() {
        harness.slack()
                .answer(
                        "views.publish",
                        params -> JSON.createObjectNode().put("ok", false).put("error", "invalid_blocks"));

        var reply = harness.send().event(homeOpened(ALICE, "home"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().calls("views.publish")).hasSize(1);
    }

    @Test
    void openingHomeFromAnEnterpriseGrid_recordsTheEnterpriseId() {
        harness.send().command("/cx", "values", ALICE); // first contact, without an enterprise id
        var body = JSON.createObjectNode()
                .put("token", "legacy-verification-token")
                .put("team_id", FakeSlack.TEAM)
                .put("enterprise_id", "E0GRID")
                .put("api_app_id", "A0LODESTAR")
                .put("type", "event_callback")
                .put("event_id", "Ev0GRID0001")
                .put("event_time", java.time.Instant.now().getEpochSecond());
        body.set("event", homeOpened(ALICE, "home"));

        var reply = harness.send()
                .post(
                        body.toString(),
                        "application/json",
                        java.time.Instant.now(),
                        lodestar.testing.SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.slack().calls("views.publish")).hasSize(1);
        assertThat(lodestar.testing.TestDatabase.get()
                        .database()
                        .dsl()
                        .fetchValue("select enterprise_id from workspace where team_id = ?", FakeSlack.TEAM))
                .isEqualTo("E0GRID");
    }
}
