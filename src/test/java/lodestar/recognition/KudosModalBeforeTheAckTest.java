package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lodestar.testing.FakeSlack;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;

/** The kudos form around the ack: before it people are only looked up; posting, or a late refusal, comes after it. */
class KudosModalBeforeTheAckTest extends KudosModalFixture {
    @Test
    void goodSubmission_onlyLooksPeopleUpBeforeTheAck_andPostsAfterIt() {
        harness.holdAfterAck();

        var reply = submit(
                ALICE, "V10", state(List.of(BOB, CAROL), List.of(), "Stayed on the Acme call until payroll ran", ""));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(harness.slack().calls())
                .allSatisfy(call -> assertThat(call.method()).isEqualTo("users.info"));
        assertThat(harness.sleeps()).isEmpty();
        harness.runAfterAck();
        assertThat(harness.slack().calls("chat.postMessage").stream()
                        .filter(call -> call.text("channel").equals(SlackRequests.CHANNEL)))
                .hasSize(1);
        assertThat(harness.slack().only("chat.postEphemeral").text("user")).isEqualTo(ALICE);
    }

    @Test
    void rateLimitedLookup_closesTheModalWithoutWaiting_andTheGiveFinishesAfterTheAck() {
        harness.slack().addUser("U0SLOWGIVER", u -> {});
        harness.slack().addUser("U0NEWHIRE", u -> {});
        harness.slack()
                .failNext("users.info", 429, Map.of("Retry-After", "5"), "{\"ok\":false,\"error\":\"ratelimited\"}");
        harness.holdAfterAck();

        var reply = submit(
                "U0SLOWGIVER",
                "V11",
                state(List.of("U0NEWHIRE"), List.of(), "Stayed on the Acme call until payroll ran", ""));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        assertThat(harness.sleeps()).isEmpty();
        assertThat(harness.slack().calls())
                .allSatisfy(call -> assertThat(call.method()).isEqualTo("users.info"));
        assertThat(storedKudos()).isZero();

        harness.runAfterAck();

        assertThat(storedKudos()).isEqualTo(1);
        assertThat(FakeSlack.allText(harness.slack().only("chat.postEphemeral").params()))
                .contains("Kudos sent to <@U0NEWHIRE>");
    }

    @Test
    void refusalFoundAfterTheAck_reachesTheGiverAsAMessage_andStoresNothing() {
        harness.slack().addUser("U0LATEGIVER", u -> {});
        harness.slack().addUser("U0LATEBOT", u -> u.put("is_bot", true).put("real_name", "Deploy Bot"));
        harness.slack()
                .failNext("users.info", 429, Map.of("Retry-After", "5"), "{\"ok\":false,\"error\":\"ratelimited\"}");
        harness.holdAfterAck();

        var reply = submit(
                "U0LATEGIVER",
                "V12",
                state(List.of("U0LATEBOT"), List.of(), "Sent every reminder to Acme on time", ""));
        assertThat(reply.body()).isEmpty();
        harness.runAfterAck();

        var message = harness.slack().only("chat.postEphemeral");
        assertThat(message.text("user")).isEqualTo("U0LATEGIVER");
        assertThat(FakeSlack.allText(message.params()))
                .contains("Your kudos wasn't given", "is a bot", "Nothing was sent");
        assertThat(storedKudos()).isZero();
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
    }
}
