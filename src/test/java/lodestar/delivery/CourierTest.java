package lodestar.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbox delivers once, retries what may pass, records what Slack refused, and never posts a doubt twice. */
class CourierTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final String KIND = "test.message";
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    private static Courier courier() {
        var courier = harness.app().courier();
        try {
            courier.handle(KIND, new Courier.Handler() {
                @Override
                public void sent(org.jooq.DSLContext tx, Delivery delivery, String conversation, String ts) {
                    seen.add("sent " + delivery.dedupeKey() + " " + ts);
                }

                @Override
                public void refused(org.jooq.DSLContext tx, Delivery delivery, String error) {
                    seen.add("refused " + delivery.dedupeKey() + " " + error);
                }
            });
        } catch (IllegalStateException registered) {
            // registered by an earlier test
        }
        return courier;
    }

    /** As if the instance died after Slack took the message: back to in flight, its claim lapsed, no ts. */
    private static void recordingLost(long id) {
        harness.app()
                .database()
                .dsl()
                .execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                        + " where id = " + id);
    }

    private static long enqueue(String key) {
        var message = Message.post(FakeSlack.TEAM, KIND, key, "C0CX", "Hello " + key);
        return Outbox.enqueue(
                        harness.app().database().dsl(), message, harness.clock().instant())
                .orElseThrow();
    }

    @Test
    void postsOnceWithMetadataNamingItsRowAndTellsItsHandler() {
        seen.clear();
        long id = enqueue("a");
        assertThat(Outbox.enqueue(
                        harness.app().database().dsl(),
                        Message.post(FakeSlack.TEAM, KIND, "a", "C0CX", "again"),
                        harness.clock().instant()))
                .as("the same dedupe key is one message")
                .isEmpty();

        var outcome = courier().deliver(id);

        assertThat(outcome).isInstanceOf(Courier.Sent.class);
        var post = harness.slack().only("chat.postMessage");
        assertThat(post.text("text")).isEqualTo("Hello a");
        assertThat(post.params().path("metadata").toString())
                .contains("lodestar_outbox")
                .contains(String.valueOf(id));
        assertThat(seen).containsExactly("sent a " + ((Courier.Sent) outcome).ts());
        assertThat(courier().deliver(id)).isInstanceOf(Courier.Elsewhere.class);
        assertThat(courier().drain()).isZero();
        assertThat(harness.slack().calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void aFailureThatMayPassIsTriedAgainLaterAndLooksForTheEarlierAttemptFirst() {
        seen.clear();
        long id = enqueue("b");
        harness.slack().failNext("chat.postMessage", 500, Map.of(), "{}");

        assertThat(courier().deliver(id)).isInstanceOf(Courier.Later.class);
        assertThat(courier().drain()).as("not due yet").isZero();

        harness.clock().set(harness.clock().instant().plus(Duration.ofSeconds(6)));
        assertThat(courier().drain()).isEqualTo(1);

        assertThat(harness.slack().calls("conversations.history"))
                .as("a 500 may have posted: looked first")
                .hasSize(1);
        assertThat(harness.slack().calls("chat.postMessage")).hasSize(2);
        assertThat(seen).hasSize(1).allMatch(line -> line.startsWith("sent b "));
    }

    @Test
    void aRateLimitIsWaitedOutWithoutLookingInTheHistory() {
        seen.clear();
        long id = enqueue("c");
        harness.slack()
                .failNext(
                        "chat.postMessage",
                        429,
                        Map.of("Retry-After", "30"),
                        "{\"ok\":false,\"error\":\"ratelimited\"}");

        var later = courier().deliver(id);

        assertThat(later).isInstanceOf(Courier.Later.class);
        assertThat(((Courier.Later) later).at())
                .isEqualTo(harness.clock().instant().plusSeconds(30));
        harness.clock().set(harness.clock().instant().plus(Duration.ofSeconds(31)));
        assertThat(courier().drain()).isEqualTo(1);
        assertThat(harness.slack().calls("conversations.history")).isEmpty();
        assertThat(seen).hasSize(1);
    }

    @Test
    void aRefusalIsRecordedAndHandedToItsHandlerOnce() {
        seen.clear();
        long id = enqueue("d");
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"channel_not_found\"}");

        assertThat(courier().deliver(id)).isEqualTo(new Courier.Refused("channel_not_found"));
        assertThat(courier().drain()).isZero();
        assertThat(seen).containsExactly("refused d channel_not_found");
        assertThat(Outbox.status(harness.app().database().dsl(), FakeSlack.TEAM, "d")
                        .orElseThrow()
                        .state())
                .isEqualTo("refused");
    }

    @Test
    void aPostFoundInTheHistoryIsRecordedNotPostedAgain() {
        seen.clear();
        long id = enqueue("e");
        courier().deliver(id);
        // as if the instance died after Slack took it: the row is back to in flight, its claim lapsed
        recordingLost(id);

        assertThat(courier().drain()).isEqualTo(1);

        assertThat(harness.slack().calls("chat.postMessage")).hasSize(1);
        assertThat(seen).hasSize(2);
        assertThat(Outbox.status(harness.app().database().dsl(), FakeSlack.TEAM, "e")
                        .orElseThrow()
                        .ts())
                .isPresent();
    }

    @Test
    void messagesDoneLongAgo_areForgotten_waitingOnesNever() {
        long done = enqueue("old");
        courier().deliver(done);
        enqueue("waiting");
        var dsl = harness.app().database().dsl();
        dsl.execute("update outbox set done_at = done_at - interval '91 days' where id = " + done);

        assertThat(Deliveries.forget(dsl, harness.clock().instant().minus(Courier.KEPT)))
                .isEqualTo(1);
        assertThat(Outbox.status(dsl, FakeSlack.TEAM, "old")).isEmpty();
        assertThat(Outbox.status(dsl, FakeSlack.TEAM, "waiting")).isPresent();
    }

    @Test
    void aSenderWhoseClaimLapsed_mayNotSend() {
        long id = enqueue("lapsed");
        var dsl = harness.app().database().dsl();
        var token = java.util.UUID.randomUUID();
        var now = harness.clock().instant();
        assertThat(Deliveries.claim(dsl, id, token, now, now.plus(Courier.LEASE)))
                .isPresent();

        assertThat(Deliveries.sending(dsl, id, token, now.plus(Courier.LEASE).plusSeconds(1), now.plusSeconds(600)))
                .as("its lease lapsed: another sender may have it")
                .isFalse();
        assertThat(Deliveries.sending(dsl, id, token, now.plusSeconds(60), now.plusSeconds(180)))
                .isTrue();
    }

    @Test
    void aHandlerThatFails_hasTheOutcomeRecordedWithoutIt_notRetriedForever() {
        var courier = courier();
        try {
            courier.handle("test.failing", (tx, delivery, conversation, ts) -> {
                throw new IllegalStateException("the feature's record is gone");
            });
        } catch (IllegalStateException registered) {
            // by an earlier run of this test class
        }
        long id = Outbox.enqueue(
                        harness.app().database().dsl(),
                        Message.post(FakeSlack.TEAM, "test.failing", "f", "C0CX", "Hello"),
                        harness.clock().instant())
                .orElseThrow();

        assertThat(courier.deliver(id)).isInstanceOf(Courier.Sent.class);
        assertThat(Outbox.status(harness.app().database().dsl(), FakeSlack.TEAM, "f")
                        .orElseThrow()
                        .state())
                .isEqualTo("sent");
        harness.clock().set(harness.clock().instant().plus(Duration.ofMinutes(5)));
        assertThat(courier.drain()).isZero();
        assertThat(harness.slack().calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void aPostInDoubtInAChannelLodestarIsNotIn_isLookedUpAfterJoiningIt() {
        seen.clear();
        long id = enqueue("g");
        courier().deliver(id);
        recordingLost(id);
        harness.slack().failNext("conversations.history", 200, Map.of(), "{\"ok\":false,\"error\":\"not_in_channel\"}");

        assertThat(courier().drain()).isEqualTo(1);

        assertThat(harness.slack().only("conversations.join").text("channel")).isEqualTo("C0CX");
        assertThat(harness.slack().calls("conversations.history")).hasSize(2);
        assertThat(harness.slack().calls("chat.postMessage"))
                .as("found, not posted again")
                .hasSize(1);
    }
}
