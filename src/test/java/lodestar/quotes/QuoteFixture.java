package lodestar.quotes;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the quote tests share: the bot, started once for each test class that extends this one (as
 * {@link Harness} does for any class that registers it), and the steps that add quotes and read what was
 * posted.
 */
abstract class QuoteFixture {
    @RegisterExtension
    static final Harness harness = new Harness();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DAILY = "C0DAILY";

    static String quote(String text, String userId) {
        harness.send().command("/quote", text, userId);
        var calls = harness.slack().calls("response_url");
        return calls.isEmpty()
                ? ""
                : FakeSlack.allText(calls.get(calls.size() - 1).params());
    }

    static long add(String text, Sentiment sentiment) {
        var outcome = harness.app()
                .quotes()
                .service()
                .add(
                        new Actor(FakeSlack.TEAM, null, ALICE),
                        new QuoteDraft(
                                text,
                                Optional.of(sentiment),
                                Optional.of("ops lead, Acme"),
                                Optional.empty(),
                                Optional.empty(),
                                List.of(),
                                Optional.empty()));
        return ((QuoteOutcome.Added) outcome).quote().id();
    }

    /** The quotes posted to the channel, in order, by number. */
    static List<Long> posted(String channel) {
        List<Long> ids = new ArrayList<>();
        for (var call : harness.slack().calls("chat.postMessage")) {
            if (call.text("channel").equals(channel)) {
                ids.add(call.params().findValue("value").asLong());
            }
        }
        return ids;
    }

    /** Slack refuses every post in {@code channel} with {@code error}; takes any other. */
    static void slackRefusesPostsIn(String channel, String error) {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(channel)
                                ? JSON.createObjectNode().put("ok", false).put("error", error)
                                : JSON.createObjectNode().put("ok", true).put("ts", "5.5"));
    }

    static DailyQuote daily() {
        return harness.app().quotes().daily();
    }

    /** What a new {@code /quote post} by the admin does in the daily channel; returns what the admin is told. */
    static String postNow() {
        return daily().now(FakeSlack.TEAM, DAILY, ADMIN, "trigger-" + UUID.randomUUID());
    }
}
