package lodestar.slack;

import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bolt checks the token when it starts: at the bot's start, never on the thread of a request before its ack. */
class FirstRequestTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    @Test
    void theFirstRequests_neverWaitOnAuthTest() {
        for (int i = 0; i < 3; i++) {
            assertThat(harness.send().command("/cx", "help", ALICE).status()).isEqualTo(200);
        }

        assertThat(harness.slack().calls("auth.test")).isEmpty();
    }
}
