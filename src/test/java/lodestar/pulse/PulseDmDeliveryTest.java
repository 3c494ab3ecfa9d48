package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A DM survey reaches each member exactly once whatever Slack does on the way, and nobody once it has closed. */
class PulseDmDeliveryTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHANNEL = "C0DMS";
    /** Longer than any back-off of the outbox, and than the Retry-After the tests give. */
    private static final Duration LATER = Duration.ofMinutes(3);

    private static List<String> members(int count) {
        var ids = IntStream.range(0, count)
                .mapToObj(i -> String.format("U0W%03d", i))
                .toList();
        ids.forEach(id -> harness.slack().addUser(id, u -> {}));
        harness.slack().setMembers(CHANNEL, ids);
        return ids;
    }

    private static Run openDmSurvey() {
        var service = harness.app().pulse().service();
        var created = (PulseService.Created.Done) service.create(
                new Actor(FakeSlack.TEAM, null, ADMIN),
                new SeriesDraft(
                        Optional.of(Template.ENPS),
                        "",
                        Optional.of(Series.Audience.DM_CHANNEL),
                        Optional.of(CHANNEL),
                        true,
                        3,
                        1,
                        Recurrence.ONCE,
                        Optional.empty(),
                        LocalTime.of(9, 0),
                        ZoneId.of("Europe/London")));
        harness.app().pulse().tick();
        return service.runs(created.series().id()).get(0);
    }

    private static List<String> dmsTo(List<String> members) {
        return harness.slack().calls("chat.postMessage").stream()
                .map(call -> call.text("channel"))
                .filter(members::contains)
                .toList();
    }

    /** Slack answers every DM to a member with {@code ratelimited} while {@code limited} is set. */
    private static void rateLimitDmsWhile(AtomicBoolean limited) {
        harness.slack()
                .answer(
                        "chat.postMessage",
                        params -> limited.get()
                                        && params.path("channel").asText().startsWith("U0W")
                                ? JSON.createObjectNode().put("ok", false).put("error", "ratelimited")
                                : JSON.createObjectNode()
                                        .put("ok", true)
                                        .put("channel", params.path("channel").asText())
                                        .put("ts", harness.slack().calls().size() + ".000200"));
    }

    @Test
    void everyMemberGetsTheSurveyOnce_throughFailuresThatMayPass() {
        var members = members(60);
        harness.slack().failNext("chat.postMessage", 500, Map.of(), "{}");
        harness.slack().failNext("chat.postMessage", 429, Map.of("Retry-After", "30"), "");
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}");
        harness.slack().failNext("chat.postMessage", 503, Map.of(), "<html>busy</html>");
        harness.slack().failNext("chat.postMessage", 500, Map.of(), "{}");

        var run = openDmSurvey();
        for (int i = 0; i < 3; i++) {
            harness.clock().advance(LATER);
            harness.app().pulse().tick();
        }

        var sent = dmsTo(members);
        assertThat(sent).as("60 DMs and the 5 failed tries").hasSize(65);
        assertThat(sent.stream().distinct()).containsExactlyInAnyOrderElementsOf(members);
        var dsl = TestDatabase.get().database().dsl();
        assertThat(dsl.fetchCount(
                        Tables.PULSE_RECIPIENT,
                        Tables.PULSE_RECIPIENT.RUN_ID.eq(run.id()),
                        Tables.PULSE_RECIPIENT.MESSAGE_TS.isNotNull()))
                .as("each DM recorded, so that closing updates it")
                .isEqualTo(60);
        assertThat(harness.app().courier().waiting()).isZero();
    }

    @Test
    void closingARun_withdrawsTheDmsNotSentYet() {
        var members = members(5);
        var limited = new AtomicBoolean(true);
        rateLimitDmsWhile(limited);
        var run = openDmSurvey();
        assertThat(dmsTo(members)).as("tried, and put back until later").hasSize(5);

        harness.send().command("/pulse", "close " + run.id(), ADMIN);
        limited.set(false);
        harness.clock().advance(LATER);
        harness.app().pulse().tick();

        assertThat(dmsTo(members)).as("none after the close").hasSize(5);
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .filteredOn(ADMIN::equals)
                .as("the results, to the creator")
                .hasSize(1);
        assertThat(harness.app().courier().waiting()).isZero();
    }

    @Test
    void aDmSlackTakesAfterTheClose_isClosedLikeTheOthers() {
        var members = members(3);
        var limited = new AtomicBoolean(true);
        rateLimitDmsWhile(limited);
        var run = openDmSurvey();
        // A sender is posting the first DM when the run closes: it is not withdrawn, and goes out after the close.
        var dsl = TestDatabase.get().database().dsl();
        dsl.execute(
                "update outbox set in_flight = true where kind = 'pulse.dm' and channel = '" + members.get(0) + "'");

        harness.send().command("/pulse", "close " + run.id(), ADMIN);
        limited.set(false);
        harness.clock().advance(LATER);
        harness.app().pulse().tick();

        assertThat(dmsTo(members))
                .as("each tried once before the close; the one on its way, posted after it")
                .containsExactly(members.get(0), members.get(1), members.get(2), members.get(0));
        var update = harness.slack().only("chat.update");
        assertThat(update.text("channel")).isEqualTo(members.get(0));
        assertThat(update.text("text")).contains("(closed)");
        assertThat(update.params().path("blocks").toString()).doesNotContain("pulse_answer_");
    }
}
