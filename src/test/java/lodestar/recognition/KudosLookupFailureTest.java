package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When Slack can't say who someone is, the giver is told that, never that the person left; a passing fault heals. */
class KudosLookupFailureTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static void give() {
        give(BOB);
    }

    /** Users Slack answered for stay cached for minutes: each test that fails lookups names someone of its own. */
    private static void give(String recipient) {
        harness.send().command("/kudos", "<@" + recipient + "> #ownership Fixed Acme's export before the board", ALICE);
    }

    private static String answer() {
        var calls = harness.slack().calls("response_url");
        assertThat(calls).isNotEmpty();
        return FakeSlack.allText(calls.get(calls.size() - 1).params());
    }

    private static int storedKudos() {
        return TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "500|{}",
                "503|<html>Service Unavailable</html>",
                "200|{\"ok\":false,\"error\":\"ratelimited\"}",
                "200|{\"ok\":false,\"error\":\"internal_error\"}"
            })
    void aLookupThatFailsOnce_isTriedAgain_andTheKudosIsGiven(int status, String body) {
        harness.slack().failNext("users.info", status, Map.of(), body);

        give();

        assertThat(storedKudos()).isEqualTo(1);
        assertThat(answer()).doesNotContain("may have left", "didn't answer");
    }

    @Test
    void slackNotAnsweringAtAll_isSaid_andNothingIsGiven() {
        for (int i = 0; i < 40; i++) {
            harness.slack().failNext("users.info", 500, Map.of(), "{}");
        }

        give(lodestar.testing.Users.CAROL);

        assertThat(storedKudos()).isZero();
        assertThat(answer()).contains("Slack didn't answer").doesNotContain("may have left");
    }

    @Test
    void cxLeadersAdd_whenSlackDoesNotAnswer_saysSo() {
        harness.send().command("/cx", "leaders add <@" + ALICE + ">", lodestar.testing.Users.ADMIN); // admin known
        for (int i = 0; i < 40; i++) {
            harness.slack().failNext("users.info", 503, Map.of(), "{}");
        }

        harness.send()
                .command("/cx", "leaders add <@" + lodestar.testing.Users.TOKYO + ">", lodestar.testing.Users.ADMIN);

        assertThat(answer()).contains("Slack didn't answer").doesNotContain("doesn't know");
    }
}
