package lodestar.recognition;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A kudos whose announcement did not finish is announced by the outbox, once: never lost, never posted twice. */
class KudosAnnouncementTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final String CHANNEL = SlackRequests.CHANNEL;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void give() {
        harness.send().command("/kudos", "<@" + BOB + "> #ownership Fixed Acme's export before the board", ALICE);
    }

    private static List<FakeSlack.Call> postsTo(String channel) {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(channel))
                .toList();
    }

    private static String postTs() {
        return TestDatabase.get()
                .database()
                .dsl()
                .select(Tables.KUDOS.POST_TS)
                .from(Tables.KUDOS)
                .fetchOne(0, String.class);
    }

    private static void jobRunsLater() {
        jobRunsAfter(Duration.ofMinutes(3));
    }

    private static void jobRunsAfter(Duration wait) {
        harness.clock().set(harness.clock().instant().plus(wait));
        harness.app().courier().drain();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"500|{}", "503|<html>busy</html>", "200|{\"ok\":false,\"error\":\"ratelimited\"}"})
    void aPostSlackDidNotTake_isPostedByTheJob_once_andTheDmFollowsWithItsLink(int status, String body) {
        harness.slack().failNext("chat.postMessage", status, Map.of(), body);

        give();

        var answer = FakeSlack.allText(harness.slack().only("response_url").params());
        assertThat(answer).contains("Slack isn't answering right now; it will be posted as soon as Slack does");
        assertThat(postsTo(BOB)).as("the DM waits for the post and its link").isEmpty();
        assertThat(postTs()).isNull();

        jobRunsLater();
        jobRunsLater();

        assertThat(postsTo(CHANNEL)).as("the failed try, then the post").hasSize(2);
        assertThat(postTs()).isNotNull();
        assertThat(postsTo(BOB))
                .hasSize(1)
                .allSatisfy(dm -> assertThat(dm.text("text")).contains("slack.com"));
    }

    @Test
    void aPostSlackTookButLodestarNeverRecorded_isFoundByItsMetadata_notPostedAgain() {
        give();
        String ts = postTs();
        assertThat(ts).isNotNull();
        // as if the instance had died after Slack accepted the post, before it was recorded
        TestDatabase.get().database().dsl().execute("update kudos set post_ts = null");
        TestDatabase.get()
                .database()
                .dsl()
                .execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null,"
                        + " claimed_until = created_at + interval '2 minutes' where dedupe_key = 'kudos:1'");

        jobRunsAfter(Duration.ofMinutes(1));
        assertThat(postTs()).as("the dead instance's claim has not lapsed yet").isNull();
        jobRunsLater();

        assertThat(postsTo(CHANNEL)).hasSize(1);
        assertThat(postTs()).isEqualTo(ts);
    }

    @Test
    void anAnnouncedKudos_isLeftAlone() {
        give();

        jobRunsLater();

        assertThat(postsTo(CHANNEL)).hasSize(1);
        assertThat(postsTo(BOB)).hasSize(1);
    }

    @Test
    void aKudosUndoneWhileItsPostIsOnItsWay_hasItsPostWithdrawn_andNoDm() throws Exception {
        harness.holdAfterAck();
        give();
        CompletableFuture<Integer> announcing;
        try (var posting = harness.slack().hold("chat.postMessage")) {
            announcing = CompletableFuture.supplyAsync(harness::runAfterAck);
            harness.slack().awaitCalls("chat.postMessage", 1, Duration.ofSeconds(10));

            assertThat(harness.app()
                            .recognition()
                            .service()
                            .undo(new lodestar.workspace.Actor(FakeSlack.TEAM, null, ALICE), 1))
                    .isInstanceOf(Withdrawn.Done.class);
        }
        announcing.get(10, TimeUnit.SECONDS);
        harness.runAfterAck();

        assertThat(harness.slack().calls("chat.update"))
                .singleElement()
                .satisfies(
                        update -> assertThat(FakeSlack.allText(update.params())).contains("withdrawn"));
        assertThat(postsTo(BOB)).isEmpty();
    }

    @Test
    void aDmSlackDidNotTake_isSentByTheJob_once_andThePostIsNotRepeated() {
        var failedOnce = new AtomicBoolean();
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(BOB) && !failedOnce.getAndSet(true)
                                ? JSON.createObjectNode().put("ok", false).put("error", "service_unavailable")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", "9.1"));

        give();
        jobRunsLater();
        jobRunsLater();

        assertThat(postsTo(BOB)).as("the failed try, then the DM").hasSize(2);
        assertThat(postsTo(CHANNEL)).hasSize(1);
    }

    @Test
    void aPostRefusedForGood_isToldToTheGiver_byDmWhenNoRequestOfTheirsIsAnswering() {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(CHANNEL)
                                ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", "9.2"));
        // given, and its request gone before it delivered the post (an instance stopped, a long queue)
        harness.app()
                .recognition()
                .service()
                .giveFromInbox(new GiveRequest(
                        new lodestar.workspace.Actor(FakeSlack.TEAM, null, ALICE),
                        List.of(BOB),
                        List.of(),
                        "Fixed Acme's export before the board",
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        CHANNEL,
                        "no-request",
                        java.util.Optional.empty()));

        jobRunsLater();

        assertThat(postsTo(ALICE))
                .singleElement()
                .satisfies(dm -> assertThat(dm.text("text")).contains("could not be posted", "archived"));
        assertThat(postsTo(BOB)).as("the recipient still hears of it").hasSize(1);
    }

    @Test
    void aPostRefusedForGood_whileTheGiversRequestDeliversIt_isToldInItsAnswer_notAlsoByDm() {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(CHANNEL)
                                ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", "9.2"));

        give();

        assertThat(FakeSlack.allText(harness.slack().only("response_url").params()))
                .contains("archived");
        assertThat(postsTo(ALICE)).isEmpty();
    }
}
