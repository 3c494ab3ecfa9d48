package lodestar.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lodestar.slack.SlackApi;
import lodestar.testing.FakeSlackFaults.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake Slack's random faults and rate limits, as the real Slack SDK client sees them over HTTP. */
class FakeSlackFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeSlack fake;
    private static com.slack.api.Slack slack;
    private static MethodsClient client;

    @BeforeAll
    static void start() {
        fake = new FakeSlack();
        slack = SlackApi.client(fake.apiUrl(), Duration.ofSeconds(5));
        client = slack.methods("xoxb-test-token");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    /** What the client saw of one call: "ok", Slack's error, "http_<status>", or the IOException's class. */
    private static String outcome(CallOnClient call) {
        try {
            var response = call.run();
            return response.isOk() ? "ok" : response.getError();
        } catch (SlackApiException e) {
            return "http_" + e.getResponse().code();
        } catch (IOException e) {
            return "io";
        }
    }

    @FunctionalInterface
    private interface CallOnClient {
        com.slack.api.methods.SlackApiTextResponse run() throws IOException, SlackApiException;
    }

    private static String post(String channel, String text) {
        return outcome(() -> client.chatPostMessage(r -> r.channel(channel).text(text)));
    }

    private static List<String> history(String channel) throws Exception {
        var texts = new ArrayList<String>();
        var response = client.conversationsHistory(r -> r.channel(channel));
        assertThat(response.isOk()).isTrue();
        response.getMessages().forEach(m -> texts.add(m.getText()));
        return texts;
    }

    @Test
    void aSeededShareOfCallsFailsWithTheDefaultFaults() {
        fake.failRandomly(0.3, 42, "users.info");
        var seen = new HashMap<String, Integer>();
        for (int i = 0; i < 200; i++) {
            seen.merge(outcome(() -> client.usersInfo(r -> r.user(Users.ALICE))), 1, Integer::sum);
        }
        int failed = 200 - seen.getOrDefault("ok", 0);
        assertThat(failed).isBetween(40, 80); // 60 expected, give or take 6.5
        assertThat(fake.faultsInjected()).isEqualTo(failed);
        assertThat(seen.keySet()).containsExactlyInAnyOrder("ok", "http_429", "http_500", "http_503");
        assertThat(outcome(() -> client.authTest(r -> r)))
                .as("a method not named")
                .isEqualTo("ok");

        // The same seed and calls fail the same way.
        var first = outcomes(7);
        var again = outcomes(7);
        assertThat(again).isEqualTo(first).contains("ok").hasSizeGreaterThan(new HashSet<>(first).size());

        fake.stopFailing();
        assertThat(outcome(() -> client.usersInfo(r -> r.user(Users.ALICE)))).isEqualTo("ok");
    }

    private static List<String> outcomes(long seed) {
        fake.failRandomly(0.5, seed, "users.info");
        var outcomes = new ArrayList<String>();
        for (int i = 0; i < 30; i++) {
            outcomes.add(outcome(() -> client.usersInfo(r -> r.user(Users.ALICE))));
        }
        return outcomes;
    }

    @Test
    void aRateLimitedFaultSaysWhenToTryAgain() throws Exception {
        fake.failRandomly(1, 1, EnumSet.of(Fault.RATE_LIMITED), "chat.postMessage");
        var e = (SlackApiException)
                catchThrowable(() -> client.chatPostMessage(r -> r.channel("C1").text("x")));
        assertThat(e.getResponse().code()).isEqualTo(429);
        assertThat(e.getResponse().header("Retry-After")).isEqualTo("1");
        assertThat(e.getError().getError()).isEqualTo("ratelimited");
    }

    @Test
    void failedCallsLeaveNothingInHistory() throws Exception {
        var faults = EnumSet.complementOf(EnumSet.of(Fault.SLOW, Fault.ACCEPTED_THEN_DROPPED));
        fake.failRandomly(0.5, 3, faults, "chat.postMessage");
        var posted = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (int i = 0; i < 60; i++) {
            String outcome = post("C1", "message " + i);
            seen.add(outcome);
            if (outcome.equals("ok")) {
                posted.add(0, "message " + i);
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("ok", "http_429", "http_500", "http_503", "internal_error", "io");
        assertThat(posted).hasSizeBetween(15, 45);
        assertThat(fake.faultsInjected()).isEqualTo(60 - posted.size());
        // Each call reached the fake once: a dropped connection is not sent again by OkHttp on its own.
        assertThat(fake.calls("chat.postMessage")).hasSize(60);

        fake.stopFailing();
        assertThat(history("C1")).isEqualTo(posted);
    }

    @Test
    void aDroppedConnectionIsAnIOExceptionAndTheBotCallsItUnreachable() {
        fake.failRandomly(1, 1, EnumSet.of(Fault.DROPPED), "users.info");
        for (int i = 0; i < 20; i++) {
            assertThat(catchThrowable(() -> client.usersInfo(r -> r.user(Users.ALICE))))
                    .isInstanceOf(IOException.class);
        }
        var result = new SlackApi(slack, "xoxb-test-token", d -> {})
                .attempt("users.info", c -> c.usersInfo(r -> r.user(Users.ALICE)));
        assertThat(result.error()).isEqualTo("unreachable");
        assertThat(result.retryable()).isTrue();
        assertThat(fake.calls("users.info")).hasSize(21);
    }

    @Test
    void aPostAcceptedThenDroppedIsInHistoryThoughTheClientFailed() throws Exception {
        fake.failRandomly(1, 1, EnumSet.of(Fault.ACCEPTED_THEN_DROPPED), "chat.postMessage");
        assertThat(catchThrowable(
                        () -> client.chatPostMessage(r -> r.channel("C1").text("in doubt"))))
                .isInstanceOf(IOException.class);
        var result = new SlackApi(slack, "xoxb-test-token", d -> {})
                .attempt(
                        "chat.postMessage",
                        c -> c.chatPostMessage(r -> r.channel("C1").text("also in doubt")));
        assertThat(result.ok()).isFalse();
        assertThat(result.error()).isEqualTo("unreachable");

        fake.stopFailing();
        assertThat(history("C1")).containsExactly("also in doubt", "in doubt");
        assertThat(fake.calls("chat.postMessage")).hasSize(2);
        assertThat(fake.faultsInjected()).isEqualTo(2);
    }

    @Test
    void aSlowAnswerComesLateButAsUsual() {
        fake.failRandomly(1, 1, EnumSet.of(Fault.SLOW), Duration.ofMillis(300), "chat.postMessage");
        long start = System.nanoTime();
        assertThat(post("C1", "slow")).isEqualTo("ok");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(fake.faultsInjected()).isEqualTo(1);
    }

    @Test
    void callsBeyondATiersRateAreRefusedWithRetryAfter() throws Exception {
        fake.enforceRateLimits(5); // users.info is Tier 4: 100 a minute, here 100 in 12 s
        for (int i = 0; i < 100; i++) {
            assertThat(outcome(() -> client.usersInfo(r -> r.user(Users.ALICE))))
                    .isEqualTo("ok");
        }
        var e = (SlackApiException) catchThrowable(() -> client.usersInfo(r -> r.user(Users.ALICE)));
        assertThat(e.getResponse().code()).isEqualTo(429);
        assertThat(e.getError().getError()).isEqualTo("ratelimited");
        assertThat(Integer.parseInt(e.getResponse().header("Retry-After"))).isBetween(1, 12);
        assertThat(outcome(() -> client.conversationsMembers(r -> r.channel("C1"))))
                .as("another method has its own window")
                .isEqualTo("ok");
        assertThat(fake.rateLimited()).isEqualTo(1);
        assertThat(fake.rateLimited("users.info")).isEqualTo(1);
        assertThat(fake.rateLimited("conversations.members")).isZero();
        assertThat(fake.faultsInjected()).isZero();
    }

    @Test
    void postsAreLimitedToOneASecondPerChannel() throws Exception {
        fake.enforceRateLimits(1); // one post a second per channel
        assertThat(post("C1", "first")).isEqualTo("ok");
        var e = (SlackApiException)
                catchThrowable(() -> client.chatPostMessage(r -> r.channel("C1").text("second")));
        assertThat(e.getResponse().code()).isEqualTo(429);
        assertThat(e.getResponse().header("Retry-After")).isEqualTo("1");
        assertThat(post("C2", "elsewhere")).isEqualTo("ok");
        Thread.sleep(1_000);
        assertThat(post("C1", "third")).isEqualTo("ok");
        assertThat(history("C1")).containsExactly("third", "first");

        assertThat(fake.rateLimited("chat.postMessage")).isEqualTo(1);
    }

    @Test
    void retryAfterIsTheTimeUntilTheWindowHasRoomInWholeSeconds() {
        long[] now = {0};
        var limits = new FakeSlackLimits(() -> now[0]);
        var params = JSON.createObjectNode().put("channel", "C1");
        limits.enforce(10); // conversations.history is Tier 3: 50 a minute, here 50 in 6 s
        for (int i = 0; i < 50; i++) {
            assertThat(limits.admit("conversations.history", params)).isZero();
        }
        now[0] = TimeUnit.MILLISECONDS.toNanos(1_500);
        assertThat(limits.admit("conversations.history", params)).isEqualTo(5); // 4.5 s, rounded up
        now[0] = TimeUnit.MILLISECONDS.toNanos(5_999);
        assertThat(limits.admit("conversations.history", params)).isEqualTo(1);
        now[0] = TimeUnit.SECONDS.toNanos(6);
        assertThat(limits.admit("conversations.history", params)).isZero();
        assertThat(limits.admit("no.such.method", params))
                .as("no tier, no limit")
                .isZero();

        assertThat(limits.admit("chat.postMessage", params)).isZero();
        now[0] += TimeUnit.MILLISECONDS.toNanos(99);
        assertThat(limits.admit("chat.postMessage", params))
                .as("0.1 s per channel, at least 1")
                .isEqualTo(1);
        now[0] += TimeUnit.MILLISECONDS.toNanos(1);
        assertThat(limits.admit("chat.postMessage", params)).isZero();
        assertThat(limits.rejected()).isEqualTo(3);
    }

    @Test
    void postsAreLimitedAcrossTheWorkspaceToo() {
        long[] now = {0};
        var limits = new FakeSlackLimits(() -> now[0]);
        limits.enforce(10); // 300 posts in 6 s
        for (int i = 0; i < FakeSlack.WORKSPACE_POSTS_PER_MINUTE; i++) {
            now[0] += TimeUnit.MILLISECONDS.toNanos(10);
            var params = JSON.createObjectNode().put("channel", "C" + i);
            assertThat(limits.admit("chat.postMessage", params))
                    .as("post %d", i)
                    .isZero();
        }
        var elsewhere = JSON.createObjectNode().put("channel", "C-elsewhere");
        assertThat(limits.admit("chat.postMessage", elsewhere))
                .isEqualTo(4); // 3 s now; the first post leaves the window at 6.01 s
        now[0] = TimeUnit.MILLISECONDS.toNanos(6_010);
        assertThat(limits.admit("chat.postMessage", elsewhere)).isZero();
        assertThat(limits.admit("conversations.history", elsewhere))
                .as("other methods")
                .isZero();
        assertThat(limits.rejected("chat.postMessage")).isEqualTo(1);
    }

    @Test
    void aDmsHistoryHoldsWhatWasPostedToItsUser() throws Exception {
        ChatPostMessageResponse toUser =
                client.chatPostMessage(r -> r.channel(Users.ALICE).text("hello Alice"));
        assertThat(toUser.getChannel())
                .as("as before: the channel it was given")
                .isEqualTo(Users.ALICE);
        var dm = client.conversationsOpen(r -> r.users(List.of(Users.ALICE)))
                .getChannel()
                .getId();
        assertThat(dm).isEqualTo("D" + Users.ALICE);
        assertThat(post(dm, "again")).isEqualTo("ok");
        assertThat(post(Users.ALICE, "third")).isEqualTo("ok");

        assertThat(history(dm)).as("newest first").containsExactly("third", "again", "hello Alice");
        assertThat(history("D" + Users.BOB)).isEmpty();
    }

    @Test
    void resetStopsFaultsAndLimits() {
        fake.failRandomly(1, 1, "auth.test");
        fake.enforceRateLimits(1);
        fake.reset();
        for (int i = 0; i < 3; i++) {
            assertThat(post("C1", "x")).isEqualTo("ok");
        }
        assertThat(outcome(() -> client.authTest(r -> r))).isEqualTo("ok");
        assertThat(fake.faultsInjected()).isZero();
        assertThat(fake.rateLimited()).isZero();
    }
}
