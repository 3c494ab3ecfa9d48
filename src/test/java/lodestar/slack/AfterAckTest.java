package lodestar.slack;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work after the ack on the real pools, made tiny: one thread for forms and answers with room for one more task,
 * one thread for long jobs. Slack is made to hold its answers, so that no timing is involved.
 */
class AfterAckTest {
    @RegisterExtension
    static final Harness harness = Harness.withPools(1, 1, 1, 10);

    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Test
    void longJobsFillingTheBackground_doNotDelayAForm() throws Exception {
        try (var posting = harness.slack().hold("chat.postMessage")) {
            for (String giver : new String[] {ALICE, CAROL, ADMIN}) {
                assertThat(kudos("<@" + BOB + "|bob> Stayed late to fix Acme's export", giver)
                                .status())
                        .isEqualTo(200);
            }
            harness.slack().awaitCalls("chat.postMessage", 1, PROMPTLY);

            assertThat(kudos("", ALICE).status()).isEqualTo(200);

            var opened = harness.slack().awaitCalls("views.open", 1, PROMPTLY);
            assertThat(opened.get(0).params().path("view").path("callback_id").asText())
                    .isEqualTo("kudos_modal");
            assertThat(harness.slack().calls("response_url"))
                    .as("no give has finished")
                    .isEmpty();
        }
        // Once Slack answers, the long jobs finish: each giver hears back.
        harness.slack().awaitCalls("response_url", 3, PROMPTLY);
    }

    @Test
    void fullQueue_theCommandIsAnsweredBusy_withoutCallingSlack() throws Exception {
        try (var opening = harness.slack().hold("views.open")) {
            kudos("", ALICE); // its form is being opened: the one thread waits on Slack
            harness.slack().awaitCalls("views.open", 1, PROMPTLY);
            kudos("", BOB); // waits in the queue, which is now full

            var refused =
                    CompletableFuture.supplyAsync(() -> kudos("", CAROL)).get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);

            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.json().path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(refused.text()).contains("busy", "nothing was done", "try again in a minute");
            assertThat(harness.slack().calls("views.open")).hasSize(1);
        }
        // The queued form opens once Slack answers again.
        harness.slack().awaitCalls("views.open", 2, PROMPTLY);
    }

    @Test
    void boltNeverChecksTheTokenAgainOnARequest() {
        // By default Bolt calls auth.test on a request once its last check is 10 minutes old: on the request
        // thread, before the ack.
        assertThat(harness.app().bolt().config().getAuthTestCacheExpirationMillis())
                .isNegative();
    }

    private static SlackRequests.Reply kudos(String text, String userId) {
        return harness.send().command("/kudos", text, userId);
    }
}
