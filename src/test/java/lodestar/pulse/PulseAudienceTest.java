package lodestar.pulse;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/**
 * Who a survey is for: the members Slack lists and can look up, within a budget of lookups per tick; those it
 * could not list or look up yet are tried again on the next tick, those it does not know are left out.
 */
class PulseAudienceTest extends PulseFixture {
    @Test
    void membersSlackDoesNotKnow_areLeftOut_andNotLookedUpAgain() {
        var external = "U0EXTERNAL"; // a Slack Connect guest: users.info says user_not_found
        harness.slack().setMembers("C0EXT", List.of(ALICE, BOB, external));
        service().create(ORGANISER, tuesdayMorningDmSurvey("C0EXT"));

        harness.app().pulse().tick();
        harness.app().pulse().tick();
        harness.clock().set(Instant.parse("2026-11-24T09:00:00Z"));
        harness.app().pulse().tick();

        var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);
        assertThat(service().audience(run.id())).isEqualTo(2);
        assertThat(harness.slack().calls("users.info"))
                .filteredOn(call -> call.text("user").equals(external))
                .hasSize(1);
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void aLargeAudience_isListedAtOnce_andOnlyThoseTheListMissedAreLookedUp_cappedPerTick() {
        var listed = IntStream.range(0, 150)
                .mapToObj(i -> String.format("U0CAP%03d", i))
                .toList();
        listed.forEach(id -> harness.slack().addUser(id, u -> {}));
        // people users.list does not show (e.g. from another workspace of a Slack Connect channel)
        var unlisted = IntStream.range(0, 150)
                .mapToObj(i -> String.format("U0EXT%03d", i))
                .toList();
        var members = new ArrayList<>(listed);
        members.addAll(unlisted);
        harness.slack().setMembers("C0CAP", members);
        service().create(ORGANISER, tuesdayMorningDmSurvey("C0CAP"));

        harness.app().pulse().tick();
        var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);

        assertThat(harness.slack().calls("users.list")).hasSize(1);
        assertThat(harness.slack().only("users.list").text("team_id"))
                .as("an org-wide install's token lists nothing without it")
                .isEqualTo(FakeSlack.TEAM);
        var lookedUp = harness.slack().calls("users.info").stream()
                .map(call -> call.text("user"))
                .filter(user -> user.startsWith("U0CAP") || user.startsWith("U0EXT"))
                .toList();
        assertThat(lookedUp)
                .as("one by one only those the list missed, within the tick's budget less the list's call")
                .hasSize(PulseAudience.LOOKUPS_PER_TICK - 1)
                .allMatch(user -> user.startsWith("U0EXT"));
        assertThat(service().audience(run.id()))
                .as("everyone listed is in at once")
                .isEqualTo(150);

        harness.app().pulse().tick();
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("users.info"))
                .extracting(call -> call.text("user"))
                .filteredOn(user -> user.startsWith("U0EXT"))
                .containsExactlyInAnyOrderElementsOf(unlisted);
        assertThat(service().audience(run.id()))
                .as("Slack does not know the others")
                .isEqualTo(150);
    }

    @Test
    void aRateLimitWhileLookingMembersUp_stopsTheTicksLookups_andTheNextTickGoesOn() {
        var members = List.of("U0LIM1", "U0LIM2", "U0LIM3");
        members.forEach(id -> harness.slack().addUser(id, u -> {}));
        harness.slack().setMembers("C0LIMIT", members);
        service().create(ORGANISER, tuesdayMorningDmSurvey("C0LIMIT"));
        harness.slack()
                .failNext("users.info", 429, Map.of("Retry-After", "30"), "{\"ok\":false,\"error\":\"ratelimited\"}");

        harness.app().pulse().tick();
        var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);
        assertThat(harness.slack().calls("users.info"))
                .filteredOn(call -> call.text("user").startsWith("U0LIM"))
                .hasSize(1);
        assertThat(service().audience(run.id())).isZero();

        harness.app().pulse().tick();
        assertThat(service().audience(run.id())).isEqualTo(3);
    }

    @Test
    void membersSlackCouldNotLookUp_areLookedUpAgain_notDropped() {
        var flaky = List.of("U0FLAKY1", "U0FLAKY2", "U0FLAKY3");
        flaky.forEach(id -> harness.slack().addUser(id, u -> {}));
        harness.slack().setMembers("C0FLAKY", flaky);
        service().create(ORGANISER, tuesdayMorningDmSurvey("C0FLAKY"));
        harness.slack().failNext("users.info", 500, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}");

        harness.app().pulse().tick();
        var run = service().runs(service().list(FakeSlack.TEAM).get(0).id()).get(0);
        assertThat(service().audience(run.id())).isEqualTo(2);
        harness.app().pulse().tick();
        assertThat(service().audience(run.id())).isEqualTo(3);

        harness.clock().set(Instant.parse("2026-11-24T09:00:00Z"));
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrderElementsOf(flaky);
    }

    @Test
    void anAudienceSlackCouldNotList_isListedAgainOnTheNextTick() {
        harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
        harness.slack().failNext("conversations.members", 200, Map.of(), "{\"ok\":false,\"error\":\"internal_error\"}");
        var series = create(Template.ENPS, Series.Audience.CHANNEL, TEAM_CHANNEL, true, 3, Recurrence.ONCE);

        harness.app().pulse().tick();
        var run = service().runs(series.id()).get(0);
        assertThat(service().audience(run.id())).isZero();
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
        harness.app().pulse().tick();

        assertThat(FakeSlack.allText(harness.slack().only("chat.postMessage").params()))
                .contains("0 of 3 answered");
    }
}
