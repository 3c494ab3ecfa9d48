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
 * one thread for long jobs, one worker for commands with room for two at once. Slack is made to hold its answers, so
 * that no timing is involved.
 */
class AfterAckTest {
    @RegisterExtension
    static final Harness harness = Harness.withPools(1, 1, 1, 10, 1, 2);

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
        // Once Slack answers, the long jobs finish: each giver hears back (the third, saved while there was no room
        // for it, once it is taken).
        lodestar.testing.Eventually.await("every giver hears back", () -> {
            harness.app().inbox().poll();
            return harness.slack().calls("response_url").size() >= 3;
        });
    }

    @Test
    void noRoomForMoreCommands_theAckSaysTheCommandIsSaved_andItIsDoneInTurn() throws Exception {
        try (var opening = harness.slack().hold("views.open")) {
            kudos("", ALICE); // its form is being opened: the one worker waits on Slack
            harness.slack().awaitCalls("views.open", 1, PROMPTLY);
            kudos("", BOB); // taken, waiting for the worker: no room left

            var waiting =
                    CompletableFuture.supplyAsync(() -> kudos("", CAROL)).get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);

            assertThat(waiting.status()).isEqualTo(200);
            assertThat(waiting.json().path("response_type").asText()).isEqualTo("ephemeral");
            assertThat(waiting.text()).contains("busy", "saved", "answer will appear here");
            assertThat(harness.slack().calls("views.open")).hasSize(1);
        }
        // Once Slack answers again the taken form opens, and the saved command is claimed when there is room.
        harness.slack().awaitCalls("views.open", 2, PROMPTLY);
        lodestar.testing.Eventually.await(
                "the saved command is taken", () -> harness.app().inbox().poll() == 1);
        harness.slack().awaitCalls("views.open", 3, PROMPTLY);
    }

    @Test
    void fullQueue_aButtonIsRefusedBusy_withoutCallingSlack() throws Exception {
        try (var opening = harness.slack().hold("views.open")) {
            shortcut(ALICE); // its form is being opened: the one interactive thread waits on Slack
            harness.slack().awaitCalls("views.open", 1, PROMPTLY);
            shortcut(BOB); // waits in the queue, which is now full

            var refused =
                    CompletableFuture.supplyAsync(() -> shortcut(CAROL)).get(PROMPTLY.toSeconds(), TimeUnit.SECONDS);

            assertThat(refused.status()).as("Slack shows the person an error").isEqualTo(503);
            assertThat(harness.slack().calls("views.open")).hasSize(1);
        }
        harness.slack().awaitCalls("views.open", 2, PROMPTLY);
    }

    @Test
    void boltNeverChecksTheTokenAgainOnARequest() {
        // By default Bolt calls auth.test on a request once its last check is 10 minutes old: on the request
        // thread, before the ack.
        assertThat(harness.app().bolt().config().getAuthTestCacheExpirationMillis())
                .isNegative();
    }

    private static SlackRequests.Reply shortcut(String userId) {
        return harness.send()
                .messageShortcut(userId, "give_kudos", "C0SUPPORT", "1700000000.000200", BOB, "Fixed the export!");
    }

    private static SlackRequests.Reply kudos(String text, String userId) {
        return harness.send().command("/kudos", text, userId);
    }
}
