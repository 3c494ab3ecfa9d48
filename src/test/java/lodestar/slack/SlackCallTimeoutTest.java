package lodestar.slack;

import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every Web API call has a bound on its total time, so a stuck Slack cannot hold a thread for long. */
class SlackCallTimeoutTest {
    @RegisterExtension
    static final Harness harness =
            Harness.slackCallTimeout(Duration.ofMillis(1500)); // room for a loaded machine at start

    @Test
    void slackNotAnswering_theCallGivesUpWithinItsBound() throws Exception {
        harness.holdAfterAck();
        try (var opening = harness.slack().hold("views.open")) {
            assertThat(harness.send().command("/kudos", "", ALICE).status()).isEqualTo(200);

            // OkHttp alone would wait 10 s for an answer; the call's bound is 1.5 s.
            int ran = CompletableFuture.supplyAsync(harness::runAfterAck).get(5, TimeUnit.SECONDS);

            assertThat(ran).isPositive();
            assertThat(harness.slack().calls("views.open")).hasSize(1);
        }
    }
}
