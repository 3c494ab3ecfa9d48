package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the system clock (sub-second instants, as in production), a DM survey opened now reaches each member once, and
 * closing it posts its results once and closes every copy: the outbox's times compare as the feature's do.
 */
class PulseSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

    @Test
    void aDmSurveyOpenedNow_reachesEachMemberOnce_andClosesOnce() {
        var members = List.of(ALICE, BOB, CAROL);
        harness.slack().setMembers("C0NOW", members);
        var service = harness.app().pulse().service();
        var created = (PulseService.Created.Done) service.create(
                new Actor(FakeSlack.TEAM, null, ADMIN),
                new SeriesDraft(
                        Optional.of(Template.ENPS),
                        "",
                        Optional.of(Series.Audience.DM_CHANNEL),
                        Optional.of("C0NOW"),
                        true,
                        3,
                        1,
                        Recurrence.ONCE,
                        Optional.empty(),
                        LocalTime.of(9, 0),
                        ZoneId.of("Europe/London")));

        harness.app().pulse().tick();
        harness.app().pulse().tick();
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrderElementsOf(members);

        long runId = service.runs(created.series().id()).get(0).id();
        harness.send().command("/pulse", "close " + runId, ADMIN);
        harness.app().pulse().tick();
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrder(ALICE, BOB, CAROL, ADMIN);
        assertThat(harness.slack().calls("chat.update"))
                .extracting(call -> call.text("channel"))
                .containsExactlyInAnyOrderElementsOf(members);
    }
}
