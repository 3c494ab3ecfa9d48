package lodestar.pulse;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import lodestar.db.schema.Tables;
import lodestar.delivery.Outbox;
import lodestar.secret.ServerSecret;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import lodestar.workspace.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing a DM survey of 5,000 people while answers keep coming, to it and to another survey: no answer waits a
 * second, every answer is counted or refused, and the results go out once.
 */
class PulseLargeCloseTest {
    @RegisterExtension
    static final Harness harness = new Harness();

    private static final int PEOPLE = 5_000;
    private static final int LATE = 20;

    @Test
    void closingARunOf5000_blocksNoAnswerForASecond_countsEveryAnswer_andPostsItsResultsOnce() throws Exception {
        var service = harness.app().pulse().service();
        var big = open("C0ALL");
        var other = open("C0OTHER");
        var people = IntStream.range(0, PEOPLE)
                .mapToObj(i -> String.format("U%07d", i))
                .toList();
        seed(big, people, PEOPLE - LATE);
        seed(other, people.subList(0, 50), 0);
        var dsl = TestDatabase.get().database().dsl();
        assertThat(service.respondents(big.id())).isEqualTo(PEOPLE - LATE);

        // The close, and twenty late answers to it and twenty to the other survey, all at once.
        var pool = Executors.newFixedThreadPool(1 + 2 * LATE);
        var go = new CountDownLatch(1);
        List<Future<Long>> answers = new ArrayList<>();
        List<Future<Answered>> outcomes = new ArrayList<>();
        try {
            var closing = pool.submit(() -> {
                go.await();
                long started = System.nanoTime();
                service.closeNow(new Actor(FakeSlack.TEAM, null, ADMIN), big.id());
                return Duration.ofNanos(System.nanoTime() - started);
            });
            for (int i = 0; i < LATE; i++) {
                String late = people.get(PEOPLE - LATE + i);
                String early = people.get(i);
                for (var answer : List.<Callable<Answered>>of(
                        () -> service.answer(new Actor(FakeSlack.TEAM, null, late), big.id(), 1, 6, null),
                        () -> service.answer(new Actor(FakeSlack.TEAM, null, early), other.id(), 1, 8, null))) {
                    var outcome = new java.util.concurrent.CompletableFuture<Answered>();
                    outcomes.add(outcome);
                    answers.add(pool.submit(() -> {
                        go.await();
                        Thread.sleep(late.hashCode() & 15); // spread over the close
                        long started = System.nanoTime();
                        outcome.complete(answer.call());
                        return (System.nanoTime() - started) / 1_000_000;
                    }));
                }
            }
            go.countDown();
            var closeTook = closing.get();
            long slowest = 0;
            for (var answer : answers) {
                slowest = Math.max(slowest, answer.get());
            }
            System.out.printf(
                    "Closing and counting %,d answers took %d ms; the slowest answer meanwhile %d ms%n",
                    2 * (PEOPLE - LATE), closeTook.toMillis(), slowest);
            assertThat(slowest).as("the slowest answer, in ms").isLessThan(1_000);
        } finally {
            pool.shutdownNow();
        }

        // Every late answer to the closed run was counted or refused as closed; every one to the other was recorded.
        long counted = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            var outcome = outcomes.get(i).get();
            if (i % 2 == 0) {
                if (outcome instanceof Answered.Recorded) {
                    counted++;
                } else {
                    assertThat(((Answered.Refused) outcome).reason()).contains("closed");
                }
            } else {
                assertThat(outcome).isInstanceOf(Answered.Recorded.class);
            }
        }
        assertThat(dsl.selectFrom(Tables.PULSE_RUN)
                        .where(Tables.PULSE_RUN.ID.eq(big.id()))
                        .fetchSingle()
                        .getRespondents())
                .isEqualTo(PEOPLE - LATE + (int) counted);
        assertThat(dsl.select(org.jooq.impl.DSL.sum(Tables.PULSE_TALLY.COUNT))
                        .from(Tables.PULSE_TALLY)
                        .where(Tables.PULSE_TALLY.RUN_ID.eq(big.id()), Tables.PULSE_TALLY.POSITION.eq(1))
                        .fetchSingle()
                        .value1()
                        .intValue())
                .isEqualTo(PEOPLE - LATE + (int) counted);
        assertThat(dsl.fetchCount(Tables.PULSE_ANSWER, Tables.PULSE_ANSWER.RUN_ID.eq(big.id())))
                .isZero();
        assertThat(service.respondents(other.id())).isEqualTo(LATE);

        // Announced once, however many ticks follow.
        harness.app().pulse().tick();
        harness.app().pulse().tick();
        var results = harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.text("text").startsWith("Results:"))
                .toList();
        assertThat(results)
                .singleElement()
                .satisfies(call -> assertThat(call.text("channel")).isEqualTo(ADMIN));
        assertThat(Outbox.status(dsl, FakeSlack.TEAM, "pulse:results:" + big.id() + ":" + ADMIN))
                .hasValueSatisfying(status -> assertThat(status.state()).isEqualTo("sent"));
    }

    /** A DM survey for {@code channel}, open, whose audience is filled in below. */
    private static Run open(String channel) {
        harness.slack().setMembers(channel, List.of());
        var service = harness.app().pulse().service();
        var created = (PulseService.Created.Done) service.create(
                new Actor(FakeSlack.TEAM, null, ADMIN),
                new SeriesDraft(
                        Optional.of(Template.CUSTOM),
                        "scale: How likely are you to recommend working here to a friend?\ncomment: What should we change?",
                        Optional.of(Series.Audience.DM_CHANNEL),
                        Optional.of(channel),
                        true,
                        5,
                        3,
                        Recurrence.ONCE,
                        Optional.empty(),
                        LocalTime.of(9, 0),
                        ZoneId.of("Europe/London")));
        harness.app().pulse().tick();
        var run = service.runs(created.series().id()).get(0);
        harness.clock().set(run.opensAt().plusSeconds(60));
        return run;
    }

    /**
     * {@code people} become the run's recipients, as if their DMs were sent; the first {@code answering} of them have
     * answered both questions, sealed as the bot seals them.
     */
    private static void seed(Run run, List<String> people, int answering) {
        var dsl = TestDatabase.get().database().dsl();
        var sent = run.opensAt().atOffset(ZoneOffset.UTC);
        dsl.transaction(tx -> {
            var recipients = tx.dsl()
                    .insertInto(
                            Tables.PULSE_RECIPIENT,
                            Tables.PULSE_RECIPIENT.RUN_ID,
                            Tables.PULSE_RECIPIENT.TEAM_ID,
                            Tables.PULSE_RECIPIENT.USER_ID,
                            Tables.PULSE_RECIPIENT.DUE_AT,
                            Tables.PULSE_RECIPIENT.SENT_AT);
            for (String person : people) {
                recipients = recipients.values(run.id(), FakeSlack.TEAM, person, sent, sent);
            }
            recipients.execute();
            var seal = AnswerSeal.of(ServerSecret.of(Harness.SERVER_SECRET), FakeSlack.TEAM, run.id());
            var answers = new AnswerRepository(tx.dsl());
            for (int i = 0; i < answering; i++) {
                String key = seal.key(people.get(i));
                answers.answer(
                        run.id(), FakeSlack.TEAM, 1, key, seal.seal(1, key, new AnswerSeal.Answer(i % 11, null)));
                answers.answer(
                        run.id(),
                        FakeSlack.TEAM,
                        2,
                        key,
                        seal.seal(2, key, new AnswerSeal.Answer(null, "Comment number " + i)));
            }
        });
    }
}
