package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lodestar.db.schema.Tables;
import lodestar.delivery.Outbox;
import lodestar.testing.FakeSlack;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;

/**
 * Closing a run and announcing its results: once and before the survey's update, despite a crash, downtime or another
 * run that fails; an answer meanwhile is refused at once.
 */
class PulseClosingTest extends PulseFixture {
    @Test
    void aCrashBetweenCloseAndAnnouncement_isAnnouncedOnTheNextTick_once() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        harness.slack().reset();
        harness.clock().set(run.closesAt().plusSeconds(60));
        service().closeDue(); // the instance dies here, before announcing

        harness.app().pulse().tick();
        harness.app().pulse().tick();

        assertThat(harness.slack().only("chat.postMessage").text("text")).contains("Results");
        assertThat(FakeSlack.allText(harness.slack().only("chat.update").params()))
                .contains("Closed");
    }

    @Test
    void aRunThatFailsToAnnounce_doesNotHoldBackTheOthers() {
        var first = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        var second = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        var dsl = TestDatabase.get().database().dsl();
        // The first run's series can no longer be read: announcing it fails until it is mended.
        dsl.update(Tables.PULSE_SERIES)
                .set(Tables.PULSE_SERIES.ZONE, "Not/AZone")
                .where(Tables.PULSE_SERIES.ID.eq(first.seriesId()))
                .execute();
        harness.clock().set(second.closesAt().plusSeconds(60));

        harness.app().pulse().tick();
        assertThat(resultsPosted(first)).isFalse();
        assertThat(resultsPosted(second)).isTrue();

        dsl.update(Tables.PULSE_SERIES)
                .set(Tables.PULSE_SERIES.ZONE, "Europe/London")
                .where(Tables.PULSE_SERIES.ID.eq(first.seriesId()))
                .execute();
        harness.app().pulse().tick();
        assertThat(resultsPosted(first)).isTrue();
    }

    private boolean resultsPosted(Run run) {
        return Outbox.status(
                        TestDatabase.get().database().dsl(),
                        FakeSlack.TEAM,
                        "pulse:results:" + run.id() + ":" + TEAM_CHANNEL)
                .filter(status -> status.state().equals("sent"))
                .isPresent();
    }

    @Test
    void answeringAClosedRunWhileItIsAnnounced_isRefusedAtOnce() throws Exception {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        harness.clock().set(run.closesAt().plusSeconds(60));
        service().closeDue();
        var dsl = TestDatabase.get().database().dsl();

        // An announcement holds the closed run's row lock; an answer must not wait for it (Slack wants an ack).
        var answer = dsl.transactionResult(tx -> {
            tx.dsl()
                    .select(Tables.PULSE_RUN.ID)
                    .from(Tables.PULSE_RUN)
                    .where(Tables.PULSE_RUN.ID.eq(run.id()))
                    .forUpdate()
                    .fetch();
            return CompletableFuture.supplyAsync(
                            () -> service().answer(new Actor(FakeSlack.TEAM, null, ALICE), run.id(), 1, 9, null))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        });

        assertThat(answer)
                .isInstanceOfSatisfying(
                        Answered.Refused.class,
                        refused -> assertThat(refused.reason()).contains("closed"));
    }

    @Test
    void closingByCommand_onlyEnqueues_andTheCourierPostsTheResultsFirst() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        harness.slack().reset();

        harness.send().command("/pulse", "close " + run.id(), ADMIN);
        assertThat(lastAnswer()).contains("closed");
        assertThat(harness.slack().calls("chat.postMessage")).isEmpty();
        assertThat(harness.slack().calls("chat.update")).isEmpty();

        harness.app().courier().drain();
        assertThat(harness.slack().calls())
                .extracting(FakeSlack.Call::method)
                .filteredOn(method -> method.startsWith("chat."))
                .containsExactly("chat.postMessage", "chat.update");
        assertThat(harness.slack().only("chat.postMessage").text("text")).contains("Results");
    }

    @Test
    void closingAfterDowntime_postsResultsOnce() {
        var run = answered(3, 1, 1, 5);
        harness.clock().set(run.closesAt().plus(Duration.ofDays(2)));

        harness.app().pulse().tick();
        harness.app().pulse().tick();

        assertThat(harness.slack().calls("chat.postMessage")).hasSize(1);
    }
}
