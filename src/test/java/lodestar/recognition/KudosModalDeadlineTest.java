package lodestar.recognition;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kudos form when Slack is slower than the form's budget before the ack: the form closes at once, and the
 * give is finished after the ack. Slack's answers are held back until the ack, so no timing is involved.
 */
class KudosModalDeadlineTest {
    @RegisterExtension
    static final Harness harness = Harness.slackBeforeAck(Duration.ZERO);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void slackAnsweringAfterTheBudget_closesTheModal_andTheRefusalReachesTheGiverAfterTheAck() {
        var reply = submitBeforeSlackAnswers("V13", "U0HELDBOT", "Sent every reminder to Acme on time");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(storedKudos()).isZero();
        harness.runAfterAck();
        var message = harness.slack().only("chat.postEphemeral");
        assertThat(message.text("user")).isEqualTo(ALICE);
        assertThat(FakeSlack.allText(message.params()))
                .contains("Your kudos wasn't given", "is a bot", "Nothing was sent");
        assertThat(storedKudos()).isZero();
    }

    @Test
    void slackAnsweringAfterTheBudget_andTheInstanceDyingAfterTheAck_anotherInstanceGivesTheKudosOnce() {
        var reply = submitBeforeSlackAnswers("V14", BOB, "Walked Acme through the export");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).as("the form closes").isEmpty();

        // The instance dies with the give queued in memory: the form is in the inbox, nothing is given yet.
        assertThat(harness.dropAfterAck()).isGreaterThanOrEqualTo(1);
        assertThat(storedKudos()).isZero();
        var db = TestDatabase.get().database().dsl();
        assertThat(db.fetchCount(COMMAND_INBOX, COMMAND_INBOX.COMMAND.eq(KudosSubmission.JOB)))
                .isEqualTo(1);
        String recorded = db.fetchValue("select payload from command_inbox where command = ?", KudosSubmission.JOB)
                .toString();
        assertThat(recorded).contains("Walked Acme through the export").doesNotContain("\"token\"");
        assertThat(db.fetchCount(COMMAND_INBOX, COMMAND_INBOX.LONG_JOB.isNotNull()))
                .as("invisible to an instance of the version before, which claims by long_job and would drop it")
                .isZero();
        assertThat(db.fetchCount(COMMAND_INBOX, COMMAND_INBOX.LONG_JOB.isNotNull()))
                .as("invisible to an instance of the version before, which claims by long_job and would drop it")
                .isZero();

        // Its lease lapses; another instance (here the restarted one) gives the kudos, once, and tells the giver.
        db.execute("update command_inbox set lease_until = now() - interval '1 second'");
        while (harness.app().inbox().poll() > 0) {
            harness.runAfterAck();
        }
        harness.app().inbox().poll();
        harness.runAfterAck();

        assertThat(storedKudos()).isEqualTo(1);
        assertThat(harness.slack().calls("chat.postMessage").stream()
                        .filter(call -> call.params().path("channel").asText().equals(SlackRequests.CHANNEL)))
                .as("posted once in the channel")
                .singleElement()
                .satisfies(post ->
                        assertThat(FakeSlack.allText(post.params())).contains("Walked Acme through the export"));
        var confirmation = harness.slack().only("chat.postEphemeral");
        assertThat(confirmation.text("user")).isEqualTo(ALICE);
        assertThat(FakeSlack.allText(confirmation.params())).contains("Kudos sent to <@" + BOB + ">", "Posted in");
        assertThat(db.fetchCount(COMMAND_INBOX, COMMAND_INBOX.DONE_AT.isNull())).isZero();
        assertThat(db.fetchCount(COMMAND_INBOX, COMMAND_INBOX.PAYLOAD.ne("")))
                .as("no form text kept")
                .isZero();

        // Done again (as when its worker died after the give, before the row was marked done): still one kudos, one
        // post, and the giver hears of it again rather than not at all.
        db.execute(
                "update command_inbox set done_at = null, payload = ?, lease_until = now() - interval '1 second'",
                recorded);
        while (harness.app().inbox().poll() > 0) {
            harness.runAfterAck();
        }
        assertThat(storedKudos()).isEqualTo(1);
        assertThat(harness.slack().calls("chat.postMessage").stream()
                        .filter(call -> call.params().path("channel").asText().equals(SlackRequests.CHANNEL)))
                .hasSize(1);
        assertThat(harness.slack().calls("chat.postEphemeral"))
                .hasSize(2)
                .allSatisfy(
                        told -> assertThat(FakeSlack.allText(told.params())).contains("Kudos sent to <@" + BOB + ">"));
    }

    /**
     * Alice submits the form for {@code recipient} while Slack holds back its {@code users.info} answers until after the
     * ack, and the work after the ack is held.
     */
    private static SlackRequests.Reply submitBeforeSlackAnswers(String viewId, String recipient, String reason) {
        var slackAnswers = new CountDownLatch(1);
        usersInfoAfter(slackAnswers);
        harness.holdAfterAck();
        try {
            return harness.send()
                    .viewSubmission(
                            ALICE,
                            KudosModal.CALLBACK_ID,
                            viewId,
                            KudosModalFixture.origin(SlackRequests.CHANNEL, null),
                            KudosModalFixture.state(List.of(recipient), List.of(), reason, ""));
        } finally {
            slackAnswers.countDown();
        }
    }

    /** Slack answers {@code users.info} only once {@code slackAnswers} opens (after the ack); U0HELDBOT is a bot. */
    private static void usersInfoAfter(CountDownLatch slackAnswers) {
        harness.slack().answer("users.info", params -> {
            awaitQuietly(slackAnswers);
            String id = params.path("user").asText();
            var ok = JSON.createObjectNode().put("ok", true);
            ok.putObject("user")
                    .put("id", id)
                    .put("team_id", FakeSlack.TEAM)
                    .put("name", id.toLowerCase())
                    .put("real_name", id.equals("U0HELDBOT") ? "Held Bot" : "Alice")
                    .put("is_bot", id.equals("U0HELDBOT"))
                    .put("deleted", false)
                    .put("tz", "Europe/London");
            return ok;
        });
    }

    private static int storedKudos() {
        return TestDatabase.get().database().dsl().fetchCount(Tables.KUDOS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
