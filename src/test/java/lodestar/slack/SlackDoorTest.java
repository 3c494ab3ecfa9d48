package lodestar.slack;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import lodestar.Seams;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the door lets in: fresh, unreplayed, well-formed requests, with text Lodestar can store. */
class SlackDoorTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    private static String mission() {
        return harness.app()
                .workspace()
                .service()
                .settings(FakeSlack.TEAM, null)
                .mission()
                .orElse("");
    }

    @ParameterizedTest
    @ValueSource(longs = {6 * 60, 24 * 3600, 365 * 24 * 3600, -6 * 60})
    void signedTooFarFromNow_inEitherDirection_gets401(long secondsAhead) {
        var body = harness.send().commandBody("/cx", "mission From another time", ADMIN);

        var reply =
                harness.send().post(body, FORM, Instant.now().plusSeconds(secondsAhead), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(mission()).isEmpty();
        assertThat(harness.slack().calls("response_url")).isEmpty();
    }

    @Test
    void signedAFewSecondsAhead_isAnswered() {
        var body = harness.send().commandBody("/cx", "mission Clocks drift a little", ADMIN);

        var reply = harness.send().post(body, FORM, Instant.now().plusSeconds(20), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(mission()).isEqualTo("Clocks drift a little");
    }

    @Test
    void replayedRequest_gets401_andActsOnce() {
        var signedAt = Instant.now();
        var body = harness.send().commandBody("/cx", "values add candour — Tell the customer the truth, early", ADMIN);
        var signature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, signedAt, body);

        var first = harness.send().post(body, FORM, signedAt, signature, true);
        var replayed = harness.send().post(body, FORM, signedAt, signature, true);

        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(harness.slack().calls("response_url").stream()
                        .filter(call -> FakeSlack.allText(call.params()).contains("candour"))
                        .count())
                .isEqualTo(1);
    }

    /**
     * A command's signature is recorded by the statement that records the command (one round trip before the ack), or,
     * when it is answered in the ack, after Bolt's answer and before it is sent: either way a replay to another instance
     * is refused, and what it would have shown is not.
     */
    @Test
    void requestReplayedToAnotherInstance_gets401_andActsOnce_andShowsNothing() throws Exception {
        var signedAt = Instant.now();
        var change = harness.send().commandBody("/cx", "mission Replayed elsewhere", ADMIN);
        var changeSignature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, signedAt, change);
        var read = harness.send().commandBody("/cx", "mission", BOB);
        var readSignature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, signedAt, read);
        var config = new lodestar.Config(
                java.util.Optional.of("xoxb-test-token"),
                java.util.Optional.of(SlackRequests.SIGNING_SECRET),
                java.util.Optional.empty(),
                java.util.Optional.of(lodestar.testing.TestDatabase.get().url()),
                0,
                harness.slack().apiUrl(),
                java.nio.file.Files.createTempDirectory("lodestar-second"),
                java.util.Optional.of(lodestar.testing.Harness.SERVER_SECRET),
                java.util.Optional.empty());
        try (var second = lodestar.App.start(config, new Seams(harness.clock(), Runnable::run, wait -> {}, false))) {
            var elsewhere = new SlackRequests(second.port(), harness.slack());
            var first = harness.send().post(change, FORM, signedAt, changeSignature, true);
            var replayed = elsewhere.post(change, FORM, signedAt, changeSignature, true);
            var firstRead = harness.send().post(read, FORM, signedAt, readSignature, true);
            var replayedRead = elsewhere.post(read, FORM, signedAt, readSignature, true);

            assertThat(first.status()).isEqualTo(200);
            assertThat(replayed.status()).isEqualTo(401);
            assertThat(firstRead.status()).isEqualTo(200);
            assertThat(firstRead.body()).contains("Replayed elsewhere");
            assertThat(replayedRead.status()).isEqualTo(401);
            assertThat(replayedRead.body()).doesNotContain("Replayed elsewhere");
        }
        assertThat(harness.slack().calls("response_url").stream()
                        .filter(call -> FakeSlack.allText(call.params()).contains("Replayed elsewhere"))
                        .count())
                .isEqualTo(1);
        assertThat(lodestar.testing.TestDatabase.get().database().dsl().fetchCount(COMMAND_INBOX))
                .as("the change recorded once, the read not at all")
                .isEqualTo(1);
    }

    /**
     * A command's signature is remembered in real time, whatever clock the features run on (here a week ago): the
     * signatures of the last ten minutes are kept by real time, so one stamped by the features' clock would be
     * forgotten at the next clean-up, and its replay let in elsewhere.
     */
    @Test
    void aCommandsSignatureIsRememberedInRealTime_whateverTheFeaturesClock() {
        var before = Instant.now();
        var body = harness.send().commandBody("/kudos", "me", BOB);
        var signature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, before, body);

        assertThat(harness.send().post(body, FORM, before, signature, true).status())
                .isEqualTo(200);

        var seenAt = lodestar.testing.TestDatabase.get()
                .database()
                .dsl()
                .select(SLACK_REQUEST_SEEN.SEEN_AT)
                .from(SLACK_REQUEST_SEEN)
                .where(SLACK_REQUEST_SEEN.SIGNATURE.eq(signature))
                .fetchOne(SLACK_REQUEST_SEEN.SEEN_AT);
        assertThat(harness.clock().instant()).isBefore(before.minus(java.time.Duration.ofDays(1)));
        assertThat(seenAt.toInstant()).isBetween(before.minusSeconds(1), Instant.now());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "payload=not-json",
                "payload=%7B%7D",
                "payload=%7B%22type%22%3A%22block_actions%22%7D",
                "payload=%7B%22type%22%3A%22view_submission%22%2C%22user%22%3A%7B%22id%22%3A%22U0BOB%22%7D%7D",
                "payload=%5B1%2C2%5D",
                "command=%2Fcx&text=help",
                "text=help",
                ""
            })
    void malformedForm_gets400(String body) {
        var reply = harness.send().post(body, FORM, Instant.now(), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(harness.slack().calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "{\"type\":\"event_callback\"}", "{\"type\":\"something_else\"}", "null"})
    void malformedJson_gets400(String body) {
        var reply = harness.send().post(body, "application/json", Instant.now(), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(harness.slack().calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"mission We exist\u0000 for customers", "values add nul\u0000 — A value", "mission Bell\u0007"})
    void controlCharacterInACommand_isRefusedWithAMessage_andNothingStored(String text) throws Exception {
        var reply = harness.send().command("/cx", text, ADMIN);

        assertThat(reply.status()).isEqualTo(200);
        var answer = JSON.readTree(reply.body());
        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.path("text").asText()).contains("control character").contains("Nothing was saved");
        assertThat(mission()).isEmpty();
        assertThat(harness.app()
                        .workspace()
                        .service()
                        .settings(FakeSlack.TEAM, null)
                        .values())
                .noneMatch(value -> value.name().startsWith("nul"));
    }

    @Test
    void controlCharacterInAForm_isShownUnderItsField_andNothingStored() throws Exception {
        var values = JSON.createObjectNode();
        values.putObject("text")
                .putObject("text")
                .put("type", "plain_text_input")
                .put("value", "Great\u0000 work");
        values.putObject("tags")
                .putObject("tags")
                .put("type", "plain_text_input")
                .put("value", "fine");

        var reply = harness.send().viewSubmission(BOB, "quote_add_modal", "V1", "", values);

        assertThat(reply.status()).isEqualTo(200);
        var answer = JSON.readTree(reply.body());
        assertThat(answer.path("response_action").asText()).isEqualTo("errors");
        assertThat(answer.path("errors").path("text").asText()).contains("control character");
        assertThat(answer.path("errors").has("tags")).isFalse();
        assertThat(harness.app()
                        .quotes()
                        .service()
                        .search(FakeSlack.TEAM, java.util.Optional.empty(), java.util.List.of()))
                .isEmpty();
    }

    @Test
    void tabsAndNewlines_areFine() {
        var reply = harness.send().command("/cx", "mission We exist\tfor\ncustomers", ADMIN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(mission()).contains("customers");
    }
}
