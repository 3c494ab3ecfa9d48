package lodestar.slack;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every request must carry Slack's signature; anything else is refused and changes nothing. */
class SignatureTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final String FORM = "application/x-www-form-urlencoded";

    private String missionChange() {
        return harness.send().commandBody("/cx", "mission Forged mission", ADMIN);
    }

    private void assertNothingChanged() {
        var settings = harness.app().workspace().service().settings(FakeSlack.TEAM, null);
        assertThat(settings.mission()).isEmpty();
        assertThat(harness.slack().calls("response_url")).isEmpty();
    }

    @Test
    void unsignedRequest_gets401() {
        var reply = harness.send().post(missionChange(), FORM, Instant.now(), null);

        assertThat(reply.status()).isEqualTo(401);
        assertNothingChanged();
    }

    @Test
    void signatureWithoutTimestamp_gets401() {
        var now = Instant.now();
        var signature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, now, missionChange());

        assertThat(harness.send()
                        .post(missionChange(), FORM, now, signature, false)
                        .status())
                .isEqualTo(401);
        assertNothingChanged();
    }

    @Test
    void requestSignedWithAnotherSecret_gets401() {
        var reply = harness.send().post(missionChange(), FORM, Instant.now(), "not-the-secret");

        assertThat(reply.status()).isEqualTo(401);
        assertNothingChanged();
    }

    @Test
    void requestSignedTenMinutesAgo_gets401() {
        var reply = harness.send()
                .post(missionChange(), FORM, Instant.now().minus(Duration.ofMinutes(10)), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(401);
        assertNothingChanged();
    }

    @Test
    void bodyChangedAfterSigning_gets401() {
        var timestamp = Instant.now();
        var signed = missionChange();
        var signature = SlackRequests.signature(SlackRequests.SIGNING_SECRET, timestamp, signed);

        var reply = harness.send().post(signed.replace("Forged", "Other"), FORM, timestamp, signature, true);

        assertThat(reply.status()).isEqualTo(401);
        assertNothingChanged();
    }

    @Test
    void signedRequest_isAnswered() {
        var reply = harness.send().post(missionChange(), FORM, Instant.now(), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(harness.app()
                        .workspace()
                        .service()
                        .settings(FakeSlack.TEAM, null)
                        .mission())
                .contains("Forged mission");
    }

    @Test
    void signedUrlVerification_echoesTheChallenge() {
        var body = "{\"token\":\"t\",\"challenge\":\"c-123\",\"type\":\"url_verification\"}";

        var reply = harness.send().post(body, "application/json", Instant.now(), SlackRequests.SIGNING_SECRET);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("c-123");
    }

    @Test
    void unsignedUrlVerification_gets401() {
        var body = "{\"token\":\"t\",\"challenge\":\"c-123\",\"type\":\"url_verification\"}";

        assertThat(harness.send()
                        .post(body, "application/json", Instant.now(), null)
                        .status())
                .isEqualTo(401);
    }
}
