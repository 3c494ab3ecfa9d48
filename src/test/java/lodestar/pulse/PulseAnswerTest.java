package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import lodestar.db.schema.Tables;
import lodestar.secret.ServerSecret;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Answering a survey: by button or comment, once per person, only while it is open and only by those in it. */
class PulseAnswerTest extends PulseFixture {
    @Test
    void channelSurvey_showsOnlyHowManyAnswered_andConfirmsAnonymously() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        var post = harness.slack().only("chat.postMessage");
        assertThat(post.text("channel")).isEqualTo(TEAM_CHANNEL);
        assertThat(FakeSlack.allText(post.params()))
                .contains("How likely are you to recommend", "0 of 3 answered", "Anonymous");

        click(ALICE, service().runs(run.seriesId()).get(0), 1, 9);

        assertThat(lastAnswer())
                .contains("Thanks — your answer is anonymous", "when the survey closes only the totals are kept");
        var update = FakeSlack.allText(harness.slack().only("chat.update").params());
        assertThat(update).contains("1 of 3 answered").doesNotContain("promoter", "%");
    }

    @Test
    void anInstanceDyingRightAfterAckingAnAnswer_hasRecordedItAlready() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        harness.holdAfterAck();

        click(ALICE, run, 1, 9);

        // the thanks and the count, lost with the instance; the answer was recorded before the ack
        assertThat(harness.dropAfterAck()).isPositive();
        assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                .isEqualTo(1);
        click(ALICE, run, 1, 9);
        harness.runAfterAck();
        assertThat(lastAnswer()).contains("Answer changed");
    }

    @Test
    void clickingAgain_changesTheAnswer() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

        click(ALICE, run, 1, 3);
        click(ALICE, run, 1, 10);

        assertThat(lastAnswer()).contains("Answer changed");
        var answers = TestDatabase.get()
                .database()
                .dsl()
                .selectFrom(Tables.PULSE_ANSWER)
                .fetch();
        var seal = AnswerSeal.of(ServerSecret.of(Harness.SERVER_SECRET), FakeSlack.TEAM, run.id());
        assertThat(answers)
                .singleElement()
                .satisfies(answer -> assertThat(seal.open(1, answer.getAnswerKey(), answer.getSealed()))
                        .contains(new AnswerSeal.Answer(10, null)));
    }

    @Test
    void tenConcurrentClicks_recordOneAnswer() throws Exception {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        var pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Answered>> clicks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int value = i;
                clicks.add(() -> service().answer(new Actor(FakeSlack.TEAM, null, ALICE), run.id(), 1, value, null));
            }
            for (var future : pool.invokeAll(clicks)) {
                assertThat(future.get()).isInstanceOf(Answered.Recorded.class);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                .isEqualTo(1);
        assertThat(service().respondents(run.id())).isEqualTo(1);
    }

    @Test
    void anAnswerRacingTheClose_waitsForIt_andIsRefused() throws Exception {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        var dsl = TestDatabase.get().database().dsl();
        var pool = Executors.newSingleThreadExecutor();
        try {
            var answer = dsl.transactionResult(tx -> {
                // A close in progress: the run row is updated but not yet committed.
                tx.dsl()
                        .update(Tables.PULSE_RUN)
                        .set(
                                Tables.PULSE_RUN.CLOSED_AT,
                                harness.clock().instant().atOffset(ZoneOffset.UTC))
                        .setNull(Tables.PULSE_RUN.ANSWER_SECRET)
                        .where(Tables.PULSE_RUN.ID.eq(run.id()))
                        .execute();
                int closer = tx.dsl().fetchValue(DSL.field("pg_backend_pid()", Integer.class));
                var pending = pool.submit(
                        () -> service().answer(new Actor(FakeSlack.TEAM, null, ALICE), run.id(), 1, 9, null));
                var deadline = Instant.now().plusSeconds(20);
                // Only a backend blocked by this close counts, not other activity waiting on some lock.
                while (!pending.isDone()
                        && dsl.fetchCount(DSL.selectOne()
                                        .from("pg_stat_activity")
                                        .where("{0} = any(pg_blocking_pids(pid))", DSL.val(closer)))
                                == 0) {
                    assertThat(Instant.now())
                            .as("the answer waits for the close")
                            .isBefore(deadline);
                    Thread.onSpinWait();
                }
                assertThat(pending.isDone())
                        .as("the answer waited for the close")
                        .isFalse();
                return pending;
            });

            assertThat(answer.get())
                    .isInstanceOfSatisfying(
                            Answered.Refused.class,
                            refused -> assertThat(refused.reason()).contains("closed"));
            assertThat(dsl.fetchCount(Tables.PULSE_ANSWER)).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outsider_isToldTheyAreNotInIt() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

        click(ADMIN, run, 1, 7);

        assertThat(lastAnswer()).contains("you're not in it");
        assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                .isZero();
    }

    @Test
    void afterClose_answersAreRefused() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);
        closeAndTick(run);

        click(ALICE, run, 1, 7);

        assertThat(lastAnswer()).contains("This survey is closed");
        assertThat(TestDatabase.get().database().dsl().fetchCount(Tables.PULSE_ANSWER))
                .isZero();
    }

    @Test
    void namedSurvey_isLabelledOnEveryQuestion() {
        harness.slack().setMembers(TEAM_CHANNEL, List.of(ALICE, BOB, CAROL));
        create(Template.CX_BELIEF, Series.Audience.CHANNEL, TEAM_CHANNEL, false, 3, Recurrence.ONCE);
        harness.app().pulse().tick();

        String survey =
                FakeSlack.allText(harness.slack().only("chat.postMessage").params());
        assertThat(survey.split("\\(not anonymous\\)", -1)).hasSize(6);
        assertThat(survey).contains("Not anonymous: your name is stored with your answers");
    }

    @Test
    void comment_isAnsweredInAModal() {
        var run = openChannelSurvey(List.of(ALICE, BOB, CAROL), 3);

        harness.send().blockAction(ALICE, "pulse_comment", run.id() + ":2", TEAM_CHANNEL, "1.1");
        var modal = harness.slack().only("views.open").params().path("view");
        var state = JSON.createObjectNode();
        state.putObject("comment").putObject("comment").put("value", "More time with customers, please");
        var reply = harness.send()
                .viewSubmission(
                        ALICE,
                        "pulse_comment_modal",
                        "VC",
                        modal.path("private_metadata").asText(),
                        state);

        assertThat(reply.json().path("response_action").asText()).isEqualTo("update");
        assertThat(reply.text()).contains("Thanks — your answer is anonymous");
    }
}
