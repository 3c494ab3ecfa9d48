package lodestar.pulse;

import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lodestar.db.schema.Tables;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * Reminder DMs go to those who had not answered: once the survey closes, nothing in the database says who they were
 * (with the results, that could tell a small group's answers apart).
 */
class PulseReminderTrustTest extends PulseFixture {
    @Test
    void onceTheSurveyCloses_noOutboxRowSaysWhoWasReminded() {
        harness.slack().setMembers("C0ALL", List.of(ALICE, BOB, CAROL));
        var series = create(Template.ENPS, Series.Audience.DM_CHANNEL, "C0ALL", true, 3, Recurrence.ONCE);
        harness.app().pulse().tick();
        var run = service().runs(series.id()).get(0);
        click(ALICE, run, 1, 9);
        harness.clock().set(run.opensAt().plus(Duration.ofHours(48)));
        harness.app().pulse().tick();
        harness.app().pulse().tick();
        var dsl = TestDatabase.get().database().dsl();
        assertThat(dsl.fetchValues(Tables.OUTBOX.CHANNEL, Tables.OUTBOX.KIND.eq(PulseOutbox.REMINDER_DM)))
                .as("reminded while open")
                .containsExactlyInAnyOrder(BOB, CAROL);
        click(BOB, run, 1, 10);
        click(CAROL, run, 1, 3);

        closeAndTick(run);

        assertThat(dsl.fetchCount(Tables.OUTBOX, Tables.OUTBOX.KIND.eq(PulseOutbox.REMINDER_DM)))
                .isZero();
        assertThat(dsl.fetchValues(Tables.OUTBOX.DEDUPE_KEY)).noneMatch(key -> key.contains("reminder"));
    }
}
