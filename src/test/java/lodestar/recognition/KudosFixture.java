package lodestar.recognition;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.SlackRequests.Reply;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the {@code /kudos} tests share: the bot, started once for each test class that extends this one (as
 * {@link Harness} does for any class that registers it), and the steps that give kudos and read what Slack
 * was sent.
 */
abstract class KudosFixture {
    @RegisterExtension
    static final Harness harness = new Harness();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = SlackRequests.CHANNEL;

    static Reply kudos(String text, String userId) {
        return harness.send().command("/kudos", text, userId);
    }

    static String mention(String userId) {
        return "<@" + userId + "|" + userId.toLowerCase() + ">";
    }

    /** The ephemeral answer sent through the response URL, with its blocks' text. */
    static String answer() {
        var last = lastResponse();
        assertThat(last.text("response_type")).isEqualTo("ephemeral");
        return FakeSlack.allText(last.params());
    }

    /** The last message sent through a response URL: a new one, or one replacing the message clicked. */
    static FakeSlack.Call lastResponse() {
        var calls = harness.slack().calls("response_url");
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    static List<FakeSlack.Call> postsIn(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> channel.equals(call.text("channel")))
                .toList();
    }

    static int storedKudos() {
        return TestDatabase.get().database().dsl().fetchCount(lodestar.db.schema.Tables.KUDOS);
    }

    static void cx(String text) {
        harness.send().command("/cx", text, ADMIN);
    }
}
