package lodestar.pulse;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.PACIFIC;
import static lodestar.testing.Users.TOKYO;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lodestar.db.schema.Tables;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * A survey sent by DM: each member gets it once, at the opening time in their own time zone, however Slack limits
 * or fails; reminders go once, only to those who were sent it and have not answered.
 */
class PulseDirectMessagesTest extends PulseFixture {
    @Test
    void fanOutTo200Members_withRateLimits_sendsEachExactlyOnce_withNoFixedPause() {
        var members = people(200);
        harness.slack().setMembers("C0ALL", members);
        for (int i = 0; i < 3; i++) {
            harness.slack()
                    .failNext(
                            "chat.postMessage",
                            429,
                            Map.of("Retry-After", "2"),
                            "{\"ok\":false,\"error\":\"ratelimited\"}");
        }
        create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 5, Recurrence.ONCE);

        List<Integer> perTick = new ArrayList<>();
        for (int tick = 0; tick < 3; tick++) {
            int before = harness.slack().calls("chat.postMessage").size();
            harness.app().pulse().tick();
            perTick.add(harness.slack().calls("chat.postMessage").size() - before);
        }

        // Every DM due goes out in the tick that finds its people (a large audience is listed at once, users.list);
        // the three 429s were waited out by the same call; the courier paces to Slack's rates, with no pause of its
        // own.
        assertThat(perTick).containsExactly(203, 0, 0);
        var delivered = harness.slack().calls("chat.postMessage").stream()
                .map(call -> call.text("channel"))
                .toList();
        assertThat(delivered).hasSize(203);
        assertThat(delivered.stream().distinct()).hasSize(200).containsExactlyInAnyOrderElementsOf(members);
        assertThat(harness.sleeps()).doesNotContain(Duration.ofMillis(1100));
        assertThat(harness.sleeps()).filteredOn(Duration.ofSeconds(2)::equals).hasSize(3);
    }

    @Test
    void aBigFanOut_doesNotHoldUpClosing() {
        var members = people(120);
        harness.slack().setMembers("C0ALL", members);
        harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
        var closing = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);
        harness.app().pulse().tick();
        var run = service().runs(closing.id()).get(0);
        harness.clock().set(run.closesAt().minusSeconds(30));
        create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 5, Recurrence.ONCE);
        int before = harness.slack().calls("chat.postMessage").size();

        harness.clock().set(run.closesAt().plusSeconds(30));
        harness.app().pulse().tick();

        // One tick closes the first run and opens the DM survey: the closed run's results are enqueued ahead of
        // the 120 DMs, so they go out first.
        var all = harness.slack().calls("chat.postMessage");
        var posts = all.subList(before, all.size());
        assertThat(posts).hasSize(121);
        assertThat(posts.get(0).text("channel")).isEqualTo(TEAM_CHANNEL);
        assertThat(FakeSlack.allText(posts.get(0).params())).contains("Results");
        assertThat(posts.subList(1, 121))
                .allSatisfy(dm -> assertThat(dm.text("channel")).startsWith("U0P"));
    }

    @Test
    void aRateLimitWithoutABody_isRetriedOnceItsBackOffHasPassed() {
        var members = List.of("U0RL1", "U0RL2", "U0RL3");
        members.forEach(id -> harness.slack().addUser(id, u -> {}));
        harness.slack().setMembers("C0RL", members);
        create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0RL", true, 3, Recurrence.ONCE);
        for (int i = 0; i < 5; i++) { // every attempt of the first DM: the call gives up with http_429
            harness.slack().failNext("chat.postMessage", 429, Map.of("Retry-After", "1"), "");
        }

        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage")).hasSize(7);
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage"))
                .as("not before its back-off")
                .hasSize(7);
        harness.clock().advance(Duration.ofSeconds(6));
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage").subList(5, 8))
                .extracting(call -> call.text("channel"))
                .containsExactly("U0RL2", "U0RL3", "U0RL1");
    }

    @Test
    void restartMidFanOut_sendsNobodyASecondCopy() {
        var members = people(30);
        harness.slack().setMembers("C0ALL", members);
        dmsAreLookedUpUnderTheirUser();
        create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 5, Recurrence.ONCE);
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage")).hasSize(30);
        // An instance killed after Slack took ten DMs, before it recorded them.
        var dsl = TestDatabase.get().database().dsl();
        var lost = "(select id from outbox where kind = 'pulse.dm' order by id limit 10)";
        dsl.execute("update pulse_recipient set channel_id = null, message_ts = null"
                + " where user_id in (select channel from outbox where id in " + lost + ")");
        dsl.execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                + " where id in " + lost);

        harness.app().pulse().tick();

        var delivered = harness.slack().calls("chat.postMessage").stream()
                .map(call -> call.text("channel"))
                .toList();
        assertThat(delivered).hasSize(30).doesNotHaveDuplicates();
        assertThat(harness.slack().calls("conversations.history")).hasSize(10);
        assertThat(dsl.fetchCount(Tables.PULSE_RECIPIENT, Tables.PULSE_RECIPIENT.MESSAGE_TS.isNotNull()))
                .as("each DM found is recorded, so that closing updates it")
                .isEqualTo(30);
    }

    @Test
    void aStepThatFails_doesNotStopTheOthers() {
        var members = List.of("U0STEP1", "U0STEP2");
        members.forEach(id -> harness.slack().addUser(id, u -> {}));
        harness.slack().setMembers("C0STEP", members);
        service().create(ORGANISER, tuesdayMorningDmSurvey("C0STEP"));
        harness.app().pulse().tick();
        // Another series whose stored zone no longer parses: creating runs fails on every tick from now on.
        var broken = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);
        TestDatabase.get()
                .database()
                .dsl()
                .update(Tables.PULSE_SERIES)
                .set(Tables.PULSE_SERIES.ZONE, "Not/AZone")
                .where(Tables.PULSE_SERIES.ID.eq(broken.id()))
                .execute();

        harness.clock().set(Instant.parse("2026-11-24T09:00:00Z"));
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrderElementsOf(members);
    }

    @Test
    void reminders_goOnlyToThoseSentTheSurvey_neverTwiceAcrossARestart() {
        var members = List.of("U0REM1", "U0REM2", "U0REM3", "U0REM4", "U0REM5");
        members.forEach(id -> harness.slack().addUser(id, u -> {}));
        harness.slack().setMembers("C0REM", members);
        var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0REM", true, 3, Recurrence.ONCE);
        // The first DM fails for good: U0REM1 never got the survey, so is not reminded of it.
        harness.slack().failNext("chat.postMessage", 200, Map.of(), "{\"ok\":false,\"error\":\"user_disabled\"}");
        harness.app().pulse().tick();
        var run = service().runs(series.id()).get(0);
        harness.slack().reset();
        dmsAreLookedUpUnderTheirUser();
        harness.clock().set(run.remindAt());

        harness.app().pulse().tick();
        // An instance killed after Slack took a reminder, before it recorded it.
        TestDatabase.get()
                .database()
                .dsl()
                .execute("update outbox set state = 'pending', ts = null, in_flight = true, claim_token = null"
                        + " where kind = 'pulse.reminder' and channel = 'U0REM2'");
        harness.app().pulse().tick();
        harness.app().pulse().tick();

        var reminded = harness.slack().calls("chat.postMessage");
        assertThat(reminded).allSatisfy(call -> assertThat(call.text("text")).contains("A reminder"));
        assertThat(reminded)
                .extracting(call -> call.text("channel"))
                .containsExactly("U0REM2", "U0REM3", "U0REM4", "U0REM5");
        assertThat(harness.slack().calls("conversations.history")).hasSize(1);
    }

    @Test
    void dmsGoOutAtTheOpeningTime_inEachRecipientsOwnTimeZone() {
        harness.slack().setMembers("C0WORLD", List.of(TOKYO, PACIFIC));
        var draft = new SeriesDraft(
                Optional.of(Template.ENPS),
                "",
                Optional.of(Series.Audience.DM_CHANNEL),
                Optional.of("C0WORLD"),
                true,
                3,
                3,
                Recurrence.ONCE,
                Optional.of(java.time.DayOfWeek.TUESDAY),
                LocalTime.of(9, 0),
                ZoneId.of("Europe/London"));
        service().create(ORGANISER, draft);
        // Monday 23 Nov 10:00 UTC: the run (Tuesday 09:00) is created within a day of opening.
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();

        harness.clock().set(Instant.parse("2026-11-24T00:00:00Z")); // 09:00 in Tokyo
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactly(TOKYO);

        harness.clock().set(Instant.parse("2026-11-24T17:00:00Z")); // 09:00 in Los Angeles
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactly(TOKYO, PACIFIC);
    }

    @Test
    void reminder_goesOnceToThoseWhoHaveNotAnswered_twoThirdsIn() {
        harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL));
        var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 3, Recurrence.ONCE);
        harness.app().pulse().tick();
        var run = service().runs(series.id()).get(0);
        click(ALICE, run, 1, 9);
        harness.slack().reset();

        harness.clock().set(run.opensAt().plus(Duration.ofHours(47)));
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
        harness.clock().set(run.opensAt().plus(Duration.ofHours(48)));
        harness.app().pulse().tick();
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactly(BOB, CAROL);
    }

    /**
     * The fake Slack keeps a DM's messages under the person's id: their DM conversation is answered as that id, so
     * that looking for a DM in doubt reads the history its post went to, as it does in Slack.
     */
    static void dmsAreLookedUpUnderTheirUser() {
        harness.slack().answer("conversations.open", params -> {
            var answer = JSON.createObjectNode().put("ok", true);
            answer.putObject("channel").put("id", params.path("users").asText());
            return answer;
        });
    }
}
