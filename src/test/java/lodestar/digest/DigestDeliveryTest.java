package lodestar.digest;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import lodestar.App;
import lodestar.Config;
import lodestar.Seams;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivering the digest: once to each recipient, within Slack's limits, even with two instances at it;
 * retried by the next run after a failure that may pass, not after one that will not.
 */
class DigestDeliveryTest extends DigestFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachLeaderGetsItOnce_evenWithTwoInstancesDelivering(@TempDir Path dataDir) throws Exception {
        leadersSinceLastWeek(ALICE, BOB);
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        var config = new Config(
                Optional.of("xoxb-test-token"),
                Optional.of(SlackRequests.SIGNING_SECRET),
                Optional.empty(),
                Optional.of(TestDatabase.get().url()),
                0,
                harness.slack().apiUrl(),
                dataDir,
                Optional.of(Harness.SERVER_SECRET),
                Optional.empty());
        var pool = Executors.newFixedThreadPool(2);
        try (var second = App.start(config, new Seams(harness.clock(), Runnable::run, wait -> {}, false))) {
            List<Callable<Object>> instances = List.of(
                    () -> {
                        harness.app().digest().deliver();
                        return null;
                    },
                    () -> {
                        second.digest().deliver();
                        return null;
                    });
            for (var future : pool.invokeAll(instances)) {
                future.get();
            }
            second.digest().deliver();
        } finally {
            pool.shutdownNow();
        }
        harness.app().digest().deliver();

        assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(harness.slack().calls("files.completeUploadExternal")).hasSize(2);
        assertThat(harness.slack().calls("file_upload"))
                .allSatisfy(upload ->
                        assertThat(upload.params().path("bytes").asInt()).isGreaterThan(1000));
    }

    @Test
    void failedPost_isRetriedByTheNextRun_andSentOnce() {
        leadersSinceLastWeek(ALICE);
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"fatal_error\"}");

        harness.app().digest().deliver();
        assertThat(digestsSent()).hasSize(1); // the attempt that failed
        assertThat(harness.slack().calls("files.completeUploadExternal")).isEmpty();

        harness.clock().set(Instant.parse("2026-11-23T12:05:00Z"));
        harness.app().digest().deliver();
        harness.clock().set(Instant.parse("2026-11-23T12:10:00Z"));
        harness.app().digest().deliver();

        assertThat(digestsSent())
                .hasSize(2)
                .extracting(call -> call.text("channel"))
                .containsOnly(ALICE);
        assertThat(harness.slack().calls("files.completeUploadExternal")).hasSize(1);
    }

    @Test
    void digestSlackRefusesForGood_isAttemptedOnce_notRebuiltEveryRun() {
        cx("channel digest <#C0GONE|gone>");
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"channel_not_found\"}");

        for (String at : List.of(
                "2026-11-23T12:00:00Z", "2026-11-23T12:05:00Z", "2026-11-23T13:00:00Z", "2026-11-25T09:00:00Z")) {
            harness.clock().set(Instant.parse(at));
            harness.app().digest().deliver();
        }

        assertThat(digestsSent())
                .singleElement()
                .satisfies(call -> assertThat(call.text("channel")).isEqualTo("C0GONE"));
        assertThat(harness.slack().calls("files.getUploadURLExternal")).isEmpty();
    }

    @Test
    void digestRateLimitedOrSlackUnreachable_isRetriedByTheNextRun_andSentOnce() {
        leadersSinceLastWeek(ALICE, BOB);
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"ratelimited\"}");
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "<html>Bad gateway</html>");

        harness.app().digest().deliver();
        assertThat(digestsSent()).hasSize(2); // both attempts failed
        assertThat(harness.slack().calls("files.completeUploadExternal")).isEmpty();

        harness.clock().set(Instant.parse("2026-11-23T12:05:00Z"));
        harness.app().digest().deliver();
        harness.clock().set(Instant.parse("2026-11-23T12:10:00Z"));
        harness.app().digest().deliver();

        assertThat(digestsSent())
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrder(ALICE, BOB, ALICE, BOB);
        assertThat(harness.slack().calls("files.completeUploadExternal")).hasSize(2);
    }

    @Test
    void instanceStalledDuringTheChartUpload_digestIsNotPostedAgain() {
        leadersSinceLastWeek(ALICE);
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        var stalled = new AtomicBoolean();
        // While this instance uploads the chart, its lease runs out and another run comes along, as if it had
        // died right after posting.
        harness.slack().answer("files.getUploadURLExternal", params -> {
            if (stalled.compareAndSet(false, true)) {
                harness.clock().set(Instant.parse("2026-11-23T12:30:00Z"));
                harness.app().digest().deliver();
            }
            return JSON.createObjectNode().put("ok", false).put("error", "internal_error");
        });

        harness.app().digest().deliver();

        assertThat(stalled).isTrue();
        assertThat(digestsSent()).hasSize(1);
    }

    @Test
    void oneFailedPost_doesNotStopTheOtherLeaders() {
        leadersSinceLastWeek(ALICE, BOB);
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));
        harness.slack().failNext("chat.postMessage", 500, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}");

        harness.app().digest().deliver();
        assertThat(digestsSent()).hasSize(2);
        assertThat(harness.slack().calls("files.completeUploadExternal")).hasSize(1);

        harness.clock().set(Instant.parse("2026-11-23T12:05:00Z"));
        harness.app().digest().deliver();
        assertThat(digestsSent())
                .hasSize(3)
                .extracting(call -> call.text("channel"))
                .contains(ALICE, BOB);
        assertThat(harness.slack().calls("files.completeUploadExternal")).hasSize(2);
    }

    @Test
    void uploadFailure_stillSendsTheDigest() {
        leadersSinceLastWeek(ALICE);
        harness.slack()
                .answer(
                        "files.getUploadURLExternal",
                        p -> JSON.createObjectNode().put("ok", false).put("error", "not_allowed"));
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

        harness.app().digest().deliver();

        assertThat(digestsSent()).hasSize(1);
        assertThat(harness.slack().calls("files.completeUploadExternal")).isEmpty();
    }

    @Test
    void digestFitsSlacksLimits() {
        leadersSinceLastWeek(ALICE);
        harness.clock().set(Instant.parse("2026-11-23T12:00:00Z"));

        harness.app().digest().deliver();

        assertThat(digestsSent().get(0).params().path("blocks").size()).isBetween(10, 50);
    }
}
