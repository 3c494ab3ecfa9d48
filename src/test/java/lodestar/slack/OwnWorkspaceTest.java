package lodestar.slack;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One bot token, one workspace: requests carrying another team are refused, and nothing is stored for it. */
class OwnWorkspaceTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void commandFromAnotherWorkspace_isRefused_andNothingIsStored() throws Exception {
        var body = harness.send()
                .commandBody("/cx", "admins add <@U0MALLORY>", ADMIN)
                .replace("team_id=" + FakeSlack.TEAM, "team_id=T0OTHER");

        var reply = harness.send()
                .post(body, "application/x-www-form-urlencoded", Instant.now(), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).path("text").asText()).contains("installed for another workspace");
        assertThat(harness.app().workspace().service().exists("T0OTHER")).isFalse();
        assertThat(harness.slack().calls("response_url")).isEmpty();
    }

    @Test
    void commandFromItsOwnWorkspace_isAnswered() {
        var reply = harness.send().command("/cx", "help", ADMIN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.app().workspace().service().exists(FakeSlack.TEAM)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "T1, null, T1, null, true",
                "T1, null, T2, null, false",
                "T1, E1, T1, E1, true",
                "T1, E1, T1, E2, false",
                "null, E1, T7, E1, true", // an org-wide install serves every workspace of its organisation
                "null, E1, T7, E2, false",
                "T1, E1, T2, E1, false" // a workspace install in an org serves only its workspace
            })
    void whoIsServed(String ownTeam, String ownEnterprise, String team, String enterprise, boolean accepted) {
        assertThat(OwnWorkspace.accepts(new SlackConnection.Workspace(ownTeam, ownEnterprise), team, enterprise))
                .isEqualTo(accepted);
    }
}
