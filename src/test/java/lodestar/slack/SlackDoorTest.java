package lodestar.slack;

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

    @Test
    void requestReplayedToAnotherInstance_gets401_andActsOnce() throws Exception {
        var signedAt = Instant.now();
        var body = harness.send().commandBody("/cx", "mission Replayed elsewhere", ADMIN);
        var signature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, signedAt, body);
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
            var first = harness.send().post(body, FORM, signedAt, signature, true);
            var replayed =
                    new SlackRequests(second.port(), harness.slack()).post(body, FORM, signedAt, signature, true);

            assertThat(first.status()).isEqualTo(200);
            assertThat(replayed.status()).isEqualTo(401);
        }
        assertThat(harness.slack().calls("response_url").stream()
                        .filter(call -> FakeSlack.allText(call.params()).contains("Replayed elsewhere"))
                        .count())
                .isEqualTo(1);
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
