package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.PACIFIC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lodestar.testing.FakeSlack;
import org.junit.jupiter.api.Test;

/** The response rate is of the people a survey was sent to: a DM never sent (its run closed first) counts for none. */
class PulseResponseRateTest extends PulseFixture {
    @Test
    void aDmSurveyClosedBeforeSomeDmsWereDue_countsOnlyThoseItWasSentTo() {
        harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL, PACIFIC));
        var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 3, Recurrence.ONCE);
        harness.app().pulse().tick();
        var run = service().runs(series.id()).get(0);
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .as("Los Angeles's 09:00 is still to come")
                .doesNotContain(PACIFIC)
                .contains(ALICE, BOB, CAROL);
        click(ALICE, run, 1, 9);
        click(BOB, run, 1, 10);
        click(CAROL, run, 1, 2);
        harness.slack().reset();

        harness.send().command("/pulse", "close " + run.id(), ADMIN);
        harness.app().pulse().tick();

        var toCreator = harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("channel").equals(ADMIN))
                .map(call -> FakeSlack.allText(call.params()))
                .toList();
        assertThat(toCreator).singleElement().asString().contains("Response rate *100%* (3 of 3)");
        assertThat(harness.slack().calls("chat.postMessage"))
                .extracting(call -> call.text("channel"))
                .doesNotContain(PACIFIC);
    }
}
