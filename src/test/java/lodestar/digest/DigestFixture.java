package lodestar.digest;

import static lodestar.testing.Users.ADMIN;

import java.time.Instant;
import java.util.List;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the digest tests share: the bot, started once for each test class that extends this one (as
 * {@link Harness} does for any class that registers it), leaders named in time for this week's digest, and
 * the digests Slack was sent.
 */
abstract class DigestFixture {
    @RegisterExtension
    static final Harness harness = new Harness();

    /** Monday 23 November 2026, 10:00 UTC: the harness's pinned time. */
    static final Instant MONDAY = Harness.START;

    static void cx(String text) {
        harness.send().command("/cx", text, ADMIN);
    }

    /** Leaders named a week before the pinned Monday, so this week's digest is theirs. */
    static void leadersSinceLastWeek(String... userIds) {
        harness.clock().set(Instant.parse("2026-11-16T00:00:00Z"));
        StringBuilder mentions = new StringBuilder();
        for (String id : userIds) {
            mentions.append("<@").append(id).append("> ");
        }
        cx("leaders add " + mentions.toString().strip());
        harness.clock().set(MONDAY);
    }

    static List<FakeSlack.Call> digestsSent() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("text").startsWith("Your weekly customer-culture digest"))
                .toList();
    }
}
