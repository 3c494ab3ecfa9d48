package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
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

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"500|{}", "503|<html>busy</html>", "200|{\"ok\":false,\"error\":\"internal_error\"}"})
    void aFailedChannelPost_isPostedOnTheNextTick_once(int status, String body) {
        var run = openSurvey(Series.Audience.CHANNEL, "C0TEAM");
        harness.slack().reset();
        harness.slack().setMembers("C0TEAM", List.of(ALICE, BOB, CAROL));
        harness.slack().failNext("chat.postMessage", status, Map.of(), body);
        harness.clock().set(run.closesAt().plusSeconds(60));

        harness.app().pulse().tick();
        assertThat(resultPosts()).as("tried once, failed").containsExactly("C0TEAM");
        harness.app().pulse().tick();
        harness.app().pulse().tick();

        assertThat(resultPosts()).as("then posted, once").containsExactly("C0TEAM", "C0TEAM");
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
        harness.app().pulse().tick();

        // the creator's post once; Carol's failed try, then her post
        assertThat(resultPosts()).containsExactly(ADMIN, CAROL, CAROL);
    }

    @Test
    void aDestinationRefusedForGood_isNotTriedAgain() {
        var run = openSurvey(Series.Audience.CHANNEL, "C0TEAM");
        harness.slack().reset();
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> JSON.createObjectNode().put("ok", false).put("error", "is_archived"));
        harness.clock().set(run.closesAt().plusSeconds(60));

        harness.app().pulse().tick();
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage")).hasSize(1);
    }
}
