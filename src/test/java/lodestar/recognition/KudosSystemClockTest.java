package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import lodestar.testing.Eventually;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On the system clock: a kudos post Slack failed is posted once its back-off has really passed, and DMed once. */
class KudosSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

    @Test
    void aPostThatFailed_isPostedOnceItsBackOffHasPassed_thenDmed() {
        harness.slack().failNext("chat.postMessage", 500, Map.of(), "{}");

        harness.send().command("/kudos", "<@" + BOB + "> #ownership Fixed Acme's export before the board", ALICE);

        assertThat(FakeSlack.allText(harness.slack().only("response_url").params()))
                .contains("it will be posted as soon as Slack does");
        assertThat(harness.app().courier().drain())
                .as("not before its back-off")
                .isZero();
        Eventually.await("the outbox posts it after its back-off", () -> {
            harness.app().courier().drain();
            return !harness.slack().history(SlackRequests.CHANNEL).isEmpty();
        });
        harness.app().courier().drain();

        assertThat(harness.slack().history(SlackRequests.CHANNEL)).hasSize(1);
        assertThat(harness.slack().history(BOB)).hasSize(1);
        assertThat(harness.slack().calls("conversations.history"))
                .as("the 500 may have posted: looked for first")
                .hasSize(1);
    }
}
