package lodestar.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests.Reply;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the {@code /cx} tests share: the bot, started once for each test class that extends this one (as
 * {@link Harness} does for any class that registers it), the command, its answer and the settings it leaves.
 */
abstract class CxFixture {
    @RegisterExtension
    static final Harness harness = new Harness();

    static Reply cx(String text, String userId) {
        return harness.send().command("/cx", text, userId);
    }

    /** What the bot answered through the response URL after acking a change. */
    static String answer() {
        var call = harness.slack().only("response_url");
        assertThat(call.text("response_type")).isEqualTo("ephemeral");
        return call.text("text");
    }

    static Settings settings() {
        return harness.app().workspace().service().settings(FakeSlack.TEAM, null);
    }
}
