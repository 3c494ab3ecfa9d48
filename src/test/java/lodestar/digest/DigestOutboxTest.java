package lodestar.digest;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lodestar.delivery.Outbox;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.Logs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The digest through the outbox: each recipient's digest of a week is one message however often it is enqueued, a
 * post that failed for a reason that may pass goes out once later, a post Slack took whose recording was lost is
 * found rather than posted again, and a refusal is told to whoever can fix it.
 */
class DigestOutboxTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    /** Monday 23 November 2026 (ISO week 2026-W48), 12:00 UTC: past the default digest time, 09:00 in London. */
    private static final Instant DUE = Instant.parse("2026-11-23T12:00:00Z");

    private static final String WEEK = "2026-W48";

    record Failure(String name, int status, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Failure> failures() {
        return List.of(
                new Failure("HTTP 500", 500, Map.of(), "{}"),
                new Failure(
                        "429 with Retry-After",
                        429,
                        Map.of("Retry-After", "30"),
                        "{\"ok\":false,\"error\":\"ratelimited\"}"),
                new Failure("ok:false internal_error", 200, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void postsThatFailForAWhile_eachLeaderGetsTheWeeksDigestOnceAfterwards(Failure failure) {
        leadersSinceLastWeek(ALICE, BOB);
        harness.clock().set(DUE);
        harness.slack().failNext("chat.postMessage", failure.status(), failure.headers(), failure.body());
        harness.slack().failNext("chat.postMessage", failure.status(), failure.headers(), failure.body());

        harness.app().digest().deliver();

        assertThat(digestsSent()).as("both attempts failed").hasSize(2);
        assertThat(status(ALICE).pending()).isTrue();
        assertThat(status(BOB).pending()).isTrue();

        harness.slack().reset(); // Slack answers again; what follows is all that reached it after the failures
        for (String at : List.of(
                "2026-11-23T12:01:00Z", "2026-11-23T12:05:00Z", "2026-11-23T15:00:00Z", "2026-11-26T09:00:00Z")) {
            harness.clock().set(Instant.parse(at));
            harness.app().digest().deliver();
        }

        assertThat(digestsSent()).extracting(call -> call.text("channel")).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(status(ALICE).ts()).isPresent();
        assertThat(status(BOB).ts()).isPresent();
        assertThat(harness.slack().calls("files.completeUploadExternal"))
                .as("each digest's chart, once its post is recorded")
                .hasSize(2);
    }

    @Test
    void aDigestSlackTookWhoseRecordingWasLost_isNotPostedAgain() {
        leadersSinceLastWeek(ALICE);
        harness.clock().set(DUE);
        harness.app().digest().deliver();
        var recorded = status(ALICE);
        assertThat(recorded.ts()).isPresent();
        // As if the instance had died after Slack took the post, before recording it: in flight, its claim lapsed.
        harness.app()
                .database()
                .dsl()
                .execute(
                        "update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                                + " where id = ?",
                        recorded.id());

        for (String at : List.of("2026-11-23T12:05:00Z", "2026-11-23T13:00:00Z", "2026-11-24T09:00:00Z")) {
            harness.clock().set(Instant.parse(at));
            harness.app().digest().deliver();
        }

        assertThat(digestsSent())
                .singleElement()
                .satisfies(call -> assertThat(call.text("channel")).isEqualTo(ALICE));
        assertThat(harness.slack().calls("conversations.history"))
                .as("looked for in the DM")
                .hasSize(1);
        assertThat(status(ALICE).ts()).isEqualTo(recorded.ts());
    }

    @Test
    void leadershipChannelCopyRefused_isToldToEachLodestarAdminOnce() {
        cx("admins add <@" + CAROL + ">");
        cx("channel digest <#C0GONE|gone>");
        harness.clock().set(DUE);
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"is_archived\"}");

        for (String at : List.of("2026-11-23T12:00:00Z", "2026-11-23T12:05:00Z", "2026-11-25T09:00:00Z")) {
            harness.clock().set(Instant.parse(at));
            harness.app().digest().deliver();
        }

        assertThat(digestsSent())
                .singleElement()
                .satisfies(call -> assertThat(call.text("channel")).isEqualTo("C0GONE"));
        assertThat(status("C0GONE").error()).contains("is_archived");
        assertThat(postsTo(CAROL))
                .singleElement()
                .satisfies(call -> assertThat(call.text("text"))
                        .contains(
                                "leader digest of " + WEEK, "<#C0GONE>", "archived", "`/cx channel digest #channel`"));
        assertThat(harness.slack().calls("files.getUploadURLExternal")).isEmpty();
    }

    @Test
    void leadersDigestRefused_isLoggedAndTellsNobodyElse() {
        cx("admins add <@" + CAROL + ">");
        leadersSinceLastWeek(ALICE);
        harness.clock().set(DUE);
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"channel_not_found\"}");

        try (var logs = Logs.capture()) {
            harness.app().digest().deliver();
            harness.clock().set(Instant.parse("2026-11-23T12:05:00Z"));
            harness.app().digest().deliver();

            assertThat(logs.lines(DigestOutcomes.class, Level.WARN))
                    .singleElement()
                    .satisfies(line -> assertThat(line).contains(WEEK, ALICE, "channel_not_found"));
        }
        assertThat(harness.slack().calls("chat.postMessage"))
                .singleElement()
                .satisfies(call -> assertThat(call.text("channel")).isEqualTo(ALICE));
        assertThat(status(ALICE).error()).contains("channel_not_found");
    }

    private static void cx(String text) {
        harness.send().command("/cx", text, ADMIN);
    }

    /** Leaders named a week before {@link #DUE}, so this week's digest is theirs. */
    private static void leadersSinceLastWeek(String... userIds) {
        harness.clock().set(Instant.parse("2026-11-16T00:00:00Z"));
        StringBuilder mentions = new StringBuilder();
        for (String id : userIds) {
            mentions.append("<@").append(id).append("> ");
        }
        cx("leaders add " + mentions.toString().strip());
    }

    private static Outbox.Status status(String recipient) {
        return Outbox.status(harness.app().database().dsl(), FakeSlack.TEAM, DigestSender.dedupeKey(recipient, WEEK))
                .orElseThrow();
    }

    private static List<FakeSlack.Call> digestsSent() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("text").startsWith("Your weekly customer-culture digest"))
                .toList();
    }

    private static List<FakeSlack.Call> postsTo(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> channel.equals(call.text("channel")))
                .toList();
    }
}
