package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/**
 * {@code /cx} as a request: help answered in the ack, unknown input explained without echoing a live mention,
 * and the workspace's enterprise id learnt from the first request that has one.
 */
class CxRequestTest extends CxFixture {
    @Test
    void help_listsEveryCommandWithExamples() {
        var reply = cx("help", ALICE);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.text())
                .contains(
                        "/kudos", "/quote", "/pulse", "/cx mission", "/cx values", "/cx leaders", "/cx admins", "e.g.");
    }

    @Test
    void noText_showsHelp() {
        assertThat(cx("", ALICE).text()).contains("/kudos", "/cx values");
    }

    @Test
    void unknownSubcommand_isExplained() {
        var reply = cx("frobnicate now", ALICE);

        assertThat(reply.json().path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(reply.text()).contains("I don't know `/cx frobnicate`", "/cx help");
    }

    @Test
    void unknownSubcommand_withBroadcastMentions_cannotPing() {
        for (String typed : new String[] {"<!channel>", "<!here>", "<!everyone>", "<!here|here>"}) {
            var reply = cx(typed + " now", ALICE);

            assertThat(reply.text()).as(typed).contains("I don't know").doesNotContain("<!");
        }
    }

    @Test
    void unknownSubcommand_withAUserMention_isNotRepeatedRaw() {
        var reply = cx("<@U123> hello", ALICE);

        assertThat(reply.text()).contains("I don't know", "/cx help").doesNotContain("<!");
        assertThat(reply.text().length()).isLessThan(200);
    }

    @Test
    void overlongUnknownSubcommand_isCut() {
        var reply = cx("x".repeat(5000), ALICE);

        assertThat(reply.text()).contains("I don't know", "…");
        assertThat(reply.text().length()).isLessThan(200);
    }

    @Test
    void digestScheduleWithMentionsForDayOrTime_cannotPing() {
        assertThat(cx("digest schedule <!channel> 09:00", ADMIN).text())
                .contains("is not a day of the week")
                .doesNotContain("<!");
        assertThat(cx("digest schedule monday <!here>", ADMIN).text())
                .contains("is not a time")
                .doesNotContain("<!");
    }

    @Test
    void removingAValueNamedWithABroadcast_cannotPing_andNothingChanges() {
        cx("values remove <!channel>", ADMIN);

        assertThat(answer()).contains("There is no value").doesNotContain("<!");
        assertThat(settings().values()).hasSize(5);
    }

    @Test
    void help_isAnsweredInTheAck_withoutWaitingForSlack() {
        // Speed is for benchmarks; what keeps the ack within 3 s is that nothing slow happens before it.
        harness.holdAfterAck();

        var reply = cx("help", ALICE);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).contains("/kudos", "/quote", "/pulse");
        assertThat(harness.slack().calls()).isEmpty();
        harness.runAfterAck(); // only the workspace's record, in the database
        assertThat(harness.slack().calls()).isEmpty();
    }

    private String enterpriseId() {
        return lodestar.testing.TestDatabase.get()
                                .database()
                                .dsl()
                                .fetchValue("select enterprise_id from workspace where team_id = ?", FakeSlack.TEAM)
                        instanceof String id
                ? id
                : null;
    }

    private void cxFromEnterprise(String text, String enterpriseId) {
        String body = harness.send().commandBody("/cx", text, ALICE) + "&enterprise_id=" + enterpriseId;
        var reply = harness.send()
                .post(
                        body,
                        "application/x-www-form-urlencoded",
                        java.time.Instant.now(),
                        lodestar.testing.SlackRequests.SIGNING_SECRET);
        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void learntOnALaterContact_whenTheFirstHadNone() {
        cx("values", ALICE);
        assertThat(enterpriseId()).isNull();

        cxFromEnterprise("values", "E0GRID");

        assertThat(enterpriseId()).isEqualTo("E0GRID");
    }

    @Test
    void neverReplaced_onceKnown() {
        cxFromEnterprise("values", "E0GRID");
        cxFromEnterprise("mission", "E0OTHER");

        assertThat(enterpriseId()).isEqualTo("E0GRID");
    }
}
