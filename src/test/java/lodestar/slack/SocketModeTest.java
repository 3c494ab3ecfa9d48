package lodestar.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import lodestar.testing.Eventually;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With SLACK_APP_TOKEN set, the same listeners answer over Socket Mode, and /healthz is still served. */
class SocketModeTest {
    @RegisterExtension
    static final Harness harness = Harness.socketMode();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A /cx command as Slack sends it over the socket. */
    private static void sendCommand(String envelopeId, String userId, String text) throws Exception {
        var envelope = JSON.createObjectNode()
                .put("envelope_id", envelopeId)
                .put("type", "slash_commands")
                .put("accepts_response_payload", true);
        envelope.putObject("payload")
                .put("team_id", FakeSlack.TEAM)
                .put("channel_id", "C0GENERAL")
                .put("user_id", userId)
                .put("command", "/cx")
                .put("text", text)
                .put("response_url", harness.slack().responseUrl("socket-" + envelopeId))
                .put("trigger_id", "t-" + envelopeId);
        harness.slack().sendEnvelope(envelope);
    }

    @Test
    void slashCommandOverSocketMode_isAnsweredInTheAck() throws Exception {
        sendCommand("env-1", Users.ALICE, "help");

        var reply = harness.slack().awaitSocketReply(Duration.ofSeconds(10));
        assertThat(reply.path("envelope_id").asText()).isEqualTo("env-1");
        assertThat(FakeSlack.allText(reply.path("payload"))).contains("/kudos", "/quote", "/pulse");
    }

    @Test
    void controlCharacterOverSocketMode_isRefusedWithAMessage_andNothingStored() throws Exception {
        sendCommand("env-2", Users.ADMIN, "mission We exist\u0000 for customers");

        var reply = harness.slack().awaitSocketReply(Duration.ofSeconds(10));
        assertThat(reply.path("envelope_id").asText()).isEqualTo("env-2");
        assertThat(FakeSlack.allText(reply.path("payload"))).contains("control character", "Nothing was saved");
        assertThat(harness.app()
                        .workspace()
                        .service()
                        .settings(FakeSlack.TEAM, null)
                        .mission())
                .isEmpty();
    }

    @Test
    void healthzIsServed_butNotSlackEvents() throws Exception {
        assertThat(harness.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(harness.get("/slack/events").statusCode()).isEqualTo(404);
    }

    @Test
    void healthz_saysTheSocketIsConnected() throws Exception {
        Eventually.await(
                "/healthz says the socket is connected",
                () -> health().path("socket").asText().equals("connected"));
        var health = health();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("slack").asText()).isEqualTo("up");
    }

    private static com.fasterxml.jackson.databind.JsonNode health() {
        try {
            return JSON.readTree(harness.get("/healthz").body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
