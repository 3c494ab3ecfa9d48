package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import lodestar.delivery.Outbox;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Results whose post fails for a reason that may pass are posted once Slack recovers, once per destination. */
class PulseResultsDeliveryTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Actor ORGANISER = new Actor(FakeSlack.TEAM, null, ADMIN);
    /** Longer than any back-off of the outbox, and than the Retry-After the tests give. */
    private static final Duration LATER = Duration.ofMinutes(3);

    private static Run openSurvey(Series.Audience audience, String audienceId) {
        harness.slack().setMembers(audienceId, List.of(ALICE, BOB, CAROL));
        var service = harness.app().pulse().service();
        var created = (PulseService.Created.Done) service.create(
                ORGANISER,
                new SeriesDraft(
                        Optional.of(Template.ENPS),
                        "",
                        Optional.of(audience),
                        Optional.of(audienceId),
                        true,
                        3,
                        1,
                        Recurrence.ONCE,
                        Optional.empty(),
                        LocalTime.of(9, 0),
                        ZoneId.of("UTC")));
        harness.app().pulse().tick();
        var run = service.runs(created.series().id()).get(0);
        for (String person : List.of(ALICE, BOB, CAROL)) {
            service.answer(new Actor(FakeSlack.TEAM, null, person), run.id(), 1, 10, null);
        }
        return run;
    }

    private static List<String> resultPosts() {
        return harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("text").contains("Results"))
                .map(call -> call.text("channel"))
                .toList();
    }

    private static Outbox.Status resultsTo(Run run, String destination) {
        return Outbox.status(
                        TestDatabase.get().database().dsl(),
                        FakeSlack.TEAM,
                        "pulse:results:" + run.id() + ":" + destination)
                .orElseThrow();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "500||{}|true",
                "503||<html>busy</html>|true",
                "429|30|{\"ok\":false,\"error\":\"ratelimited\"}|false",
                "200||{\"ok\":false,\"error\":\"internal_error\"}|true"
            })
    void aChannelPostThatFailsThreeTimes_isPostedOnceSlackRecovers(
            int status, String retryAfter, String body, boolean mayHavePosted) {
        var run = openSurvey(Series.Audience.CHANNEL, "C0TEAM");
        harness.slack().reset();
        for (int i = 0; i < 3; i++) {
            harness.slack()
                    .failNext(
                            "chat.postMessage",
                            status,
                            retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                            body);
        }
        harness.clock().set(run.closesAt().plusSeconds(60));

        harness.app().pulse().tick();
        assertThat(resultPosts()).as("tried once, failed").containsExactly("C0TEAM");
        harness.app().pulse().tick();
        assertThat(resultPosts()).as("not again before its back-off").hasSize(1);
        for (int i = 0; i < 4; i++) {
            harness.clock().advance(LATER);
            harness.app().pulse().tick();
        }

        assertThat(resultPosts()).as("three failures, then posted once").hasSize(4);
        assertThat(resultsTo(run, "C0TEAM").state()).isEqualTo("sent");
        assertThat(harness.slack().calls("conversations.history"))
                .as("a failure that may have posted is looked for before posting again")
                .hasSize(mayHavePosted ? 3 : 0);
    }

    /**
     * Fault injection: a third of Slack's answers fail at random (429, 500, 503, ok:false, dropped connections, posts
     * Slack took whose answer was lost) while a DM survey closes: its results reach the creator and each leader once.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 3, 5, 6})
    void aThirdOfSlackFailing_theResultsReachEachDestinationOnce(long seed) {
        harness.send().command("/cx", "leaders add <@" + CAROL + ">", ADMIN);
        harness.send().command("/cx", "leaders add <@" + BOB + ">", ADMIN);
        var run = openSurvey(Series.Audience.DM_CHANNEL, "C0ALL");
        harness.slack().reset();
        harness.slack()
                .failRandomly(
                        0.33,
                        seed,
                        java.util.EnumSet.allOf(lodestar.testing.FakeSlackFaults.Fault.class),
                        Duration.ofMillis(100),
                        "chat.postMessage",
                        "chat.update",
                        "users.info",
                        "conversations.open");
        harness.clock().set(run.closesAt().plusSeconds(60));
        for (int minute = 0; minute < 10; minute++) { // ten minutes of Slack failing
            harness.app().pulse().tick();
            harness.clock().advance(Duration.ofMinutes(1));
        }
        harness.slack().stopFailing();
        harness.clock().advance(LATER);
        harness.app().pulse().tick();

        assertThat(harness.slack().faultsInjected()).isPositive();
        for (String destination : List.of(ADMIN, BOB, CAROL)) {
            assertThat(harness.slack().history(destination).stream()
                            .filter(message -> message.path("text").asText().contains("Results")))
                    .as("the results, once, to %s", destination)
                    .hasSize(1);
            assertThat(resultsTo(run, destination).state()).isEqualTo("sent");
        }
    }

    @Test
    void aDmSurvey_postsToTheDestinationThatFailed_only() {
        harness.send().command("/cx", "leaders add <@" + CAROL + ">", ADMIN);
        var run = openSurvey(Series.Audience.DM_CHANNEL, "C0ALL");
        harness.slack().reset();
        harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL));
        var carolFailed = new AtomicBoolean();
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals(CAROL)
                                        && params.path("text").asText().contains("Results")
                                        && !carolFailed.getAndSet(true)
                                ? JSON.createObjectNode().put("ok", false).put("error", "service_unavailable")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", "9.1"));
        harness.clock().set(run.closesAt().plusSeconds(60));

        harness.app().pulse().tick();
        harness.clock().advance(LATER);
        harness.app().pulse().tick();

        // the creator's post once; Carol's failed try, then her post
        assertThat(resultPosts()).containsExactly(ADMIN, CAROL, CAROL);
    }

    @Test
    void aDestinationRefusedForGood_isNotTriedAgain_andTheCreatorIsTold() {
        var run = openSurvey(Series.Audience.CHANNEL, "C0TEAM");
        harness.slack().reset();
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals("C0TEAM")
                                ? JSON.createObjectNode().put("ok", false).put("error", "is_archived")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", "9.2"));
        harness.clock().set(run.closesAt().plusSeconds(60));

        harness.app().pulse().tick();
        harness.clock().advance(LATER);
        harness.app().pulse().tick();

        assertThat(resultPosts()).containsExactly("C0TEAM");
        assertThat(resultsTo(run, "C0TEAM").state()).isEqualTo("refused");
        var told = harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(ADMIN))
                .toList();
        assertThat(told)
                .singleElement()
                .satisfies(call -> assertThat(call.text("text"))
                        .contains("could not be posted to <#C0TEAM>", "is_archived", "/pulse results " + run.id()));
    }

    @Test
    void aResultsPostWhoseRecordingWasLost_isNotPostedTwice() {
        var run = openSurvey(Series.Audience.CHANNEL, "C0TEAM");
        harness.slack().reset();
        harness.clock().set(run.closesAt().plusSeconds(60));
        harness.app().pulse().tick();
        var posted = resultsTo(run, "C0TEAM");
        // An instance killed after Slack took the post, before it recorded it.
        TestDatabase.get()
                .database()
                .dsl()
                .execute(
                        "update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null where id = "
                                + posted.id());

        harness.app().pulse().tick();
        harness.clock().advance(LATER);
        harness.app().pulse().tick();

        assertThat(resultPosts()).containsExactly("C0TEAM");
        assertThat(harness.slack().calls("conversations.history")).hasSize(1);
        assertThat(resultsTo(run, "C0TEAM"))
                .satisfies(status -> assertThat(status.state()).isEqualTo("sent"))
                .satisfies(status -> assertThat(status.ts()).isEqualTo(posted.ts()));
    }

    @Test
    void aChannelSurveySlackRefuses_isToldToItsCreator() {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> params.path("channel").asText().equals("C0SHUT")
                                ? JSON.createObjectNode().put("ok", false).put("error", "not_in_channel")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", "9.3"));

        var run = openSurvey(Series.Audience.CHANNEL, "C0SHUT");
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage"))
                .as("refused, joined the channel, refused again; then the creator is told")
                .extracting(call -> call.text("channel"))
                .containsExactly("C0SHUT", "C0SHUT", ADMIN);
        assertThat(harness.slack().only("conversations.join").text("channel")).isEqualTo("C0SHUT");
        assertThat(harness.slack().calls("chat.postMessage").get(2).text("text"))
                .contains("run #" + run.id(), "could not be posted in <#C0SHUT>", "not_in_channel");
    }
}
