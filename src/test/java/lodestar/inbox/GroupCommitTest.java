package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import lodestar.slack.PendingAnswer;
import lodestar.testing.CommitSettings;
import lodestar.testing.Eventually;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed commands that wait for a writer together are recorded in one statement and one commit, each with the outcome
 * it would have had alone; a batch that fails is recorded command by command, unless the database is out of reach.
 * A first command whose writing is held up ({@link Held}) makes the others wait for the one writer together.
 */
class GroupCommitTest {
    private static final String TEAM = "T0GROUP";
    private static final Duration LEASE = Duration.ofMinutes(1);
    private final DSLContext dsl = TestDatabase.get().database().ackDsl();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() {
        threads.shutdownNow();
        dsl.deleteFrom(COMMAND_INBOX).where(COMMAND_INBOX.TEAM_ID.eq(TEAM)).execute();
        dsl.deleteFrom(SLACK_REQUEST_SEEN)
                .where(SLACK_REQUEST_SEEN.SIGNATURE.like("v0=group.%"))
                .execute();
    }

    @Test
    void aBatch_recordsEachCommandAsAloneWould_inOneCommitThatWaitsForTheDisk() throws Exception {
        var recorder = new InboxRecorder(dsl);
        var before = command("before", Optional.of("me"));
        recorder.insertSigned(before.signature(), before.seenAt(), before.entry());
        var fresh = command("fresh", Optional.of("me"));
        var replayed = new InboxBatch.Signed(
                before.signature(),
                Instant.now(),
                command("replayed", Optional.empty()).entry());
        var sentAgain = new InboxBatch.Signed(signature(), Instant.now(), before.entry());
        var unclaimed = command("unclaimed", Optional.empty());

        List<InboxRecorder.Signed> outcomes;
        try (var connection = CommitSettings.synchronousSession()) {
            var session = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            try (var commits = CommitSettings.note(session, "command_inbox", "trigger_id")) {
                outcomes = InboxBatch.record(session, List.of(fresh, replayed, sentAgain, unclaimed));
                assertThat(commits.of(fresh.entry().key())).containsExactly("on");
                assertThat(commits.of(unclaimed.entry().key())).containsExactly("on");
            }
        }

        assertThat(outcomes.get(0).id()).isPresent();
        assertThat(outcomes.get(0).replayed()).isFalse();
        assertThat(outcomes.get(1)).isEqualTo(new InboxRecorder.Signed(Optional.empty(), true));
        assertThat(outcomes.get(2)).isEqualTo(new InboxRecorder.Signed(Optional.empty(), false));
        assertThat(outcomes.get(3).id()).isPresent();
        assertThat(recorded(replayed.entry().key()))
                .as("a replay records nothing")
                .isZero();
        assertThat(recorded(before.entry().key())).isEqualTo(1);
        assertThat(dsl.fetchCount(SLACK_REQUEST_SEEN, SLACK_REQUEST_SEEN.SIGNATURE.eq(sentAgain.signature())))
                .as("the new signature of a command sent again is remembered")
                .isEqualTo(1);
        var claimed = dsl.selectFrom(COMMAND_INBOX)
                .where(COMMAND_INBOX.ID.eq(outcomes.get(0).id().get()))
                .fetchOne();
        assertThat(claimed.getClaimedBy()).isEqualTo("me");
        assertThat(claimed.getAttempts()).isEqualTo(1);
        assertThat(claimed.getLeaseUntil().toInstant()).isAfter(Instant.now().plusSeconds(30));
        assertThat(claimed.getReceivedAt().toInstant())
                .as("the system clock's time, to the microsecond")
                .isEqualTo(fresh.entry().receivedAt().truncatedTo(ChronoUnit.MICROS));
        assertThat(claimed.getPayload()).isEqualTo(fresh.entry().payload());
        var free = dsl.selectFrom(COMMAND_INBOX)
                .where(COMMAND_INBOX.ID.eq(outcomes.get(3).id().get()))
                .fetchOne();
        assertThat(free.getClaimedBy()).isNull();
        assertThat(free.getLeaseUntil()).isNull();
        assertThat(free.getAttempts()).isZero();
    }

    @Test
    void commandsThatWaitTogether_shareOneCommit_andEachHasItsOwnOutcome() throws Exception {
        var held = new Held();
        var group = new GroupCommit(dsl, 1, Duration.ofSeconds(10), held.around(aloneIn(new InboxRecorder(dsl))));
        var first = threads.submit(() -> group.record(held.command));
        assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
        var commands = new ArrayList<InboxBatch.Signed>();
        for (int i = 0; i < 20; i++) {
            commands.add(command("together" + i, Optional.of("me")));
        }
        var outcomes = recordAtOnce(group, commands);
        // after the commands they repeat, in the queue as in time
        var sameSignature = new InboxBatch.Signed(
                commands.get(0).signature(),
                Instant.now(),
                command("sameSignature", Optional.of("me")).entry());
        var sameTrigger = new InboxBatch.Signed(
                signature(), Instant.now(), commands.get(1).entry());
        outcomes.addAll(recordAtOnce(group, List.of(sameSignature, sameTrigger)));
        held.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).id()).isPresent();
        for (int i = 0; i < 20; i++) {
            assertThat(outcomes.get(i).get(10, TimeUnit.SECONDS).id()).isPresent();
            assertThat(recorded(commands.get(i).entry().key())).isEqualTo(1);
        }
        assertThat(outcomes.get(20).get()).as("a replay").isEqualTo(new InboxRecorder.Signed(Optional.empty(), true));
        assertThat(outcomes.get(21).get())
                .as("sent again")
                .isEqualTo(new InboxRecorder.Signed(Optional.empty(), false));
        assertThat(recorded(sameSignature.entry().key())).isZero();
        assertThat(dsl.fetchValue(
                        "select count(distinct xmin::text) from command_inbox where team_id = ?"
                                + " and trigger_id like 'together%'",
                        TEAM))
                .as("the 20 commands that waited together, in one transaction")
                .isEqualTo(1L);
    }

    @Test
    void aBatchThatFails_isRecordedCommandByCommand_andOnlyTheBadOneFails() throws Exception {
        var held = new Held();
        var alone = new AtomicInteger();
        var recorder = new InboxRecorder(dsl);
        var group = new GroupCommit(dsl, 1, Duration.ofSeconds(10), held.around(signed -> {
            alone.incrementAndGet();
            return aloneIn(recorder).apply(signed);
        }));
        var first = threads.submit(() -> group.record(held.command));
        assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
        var good = command("good", Optional.of("me"));
        var bad = command("bad\u0000", Optional.of("me")); // PostgreSQL's text holds no NUL: the statement fails
        var outcomes = recordAtOnce(group, List.of(good, bad));
        held.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).id()).isPresent();
        assertThat(outcomes.get(0).get(10, TimeUnit.SECONDS).id()).isPresent();
        assertThatThrownBy(() -> outcomes.get(1).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(DataAccessException.class);
        assertThat(recorded(good.entry().key())).isEqualTo(1);
        assertThat(alone).as("the held one, then each of the batch alone").hasValue(3);
    }

    @Test
    void aBatchWhileTheDatabaseIsOutOfReach_failsAtOnce_withoutATryEach() throws Exception {
        var held = new Held();
        var alone = new AtomicInteger();
        var unreachable = new org.postgresql.ds.PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
        var nowhere = DSL.using(unreachable, SQLDialect.POSTGRES);
        var group = new GroupCommit(nowhere, 1, Duration.ofSeconds(10), held.around(signed -> {
            alone.incrementAndGet();
            return new InboxRecorder.Signed(Optional.of(1L), false);
        }));
        threads.submit(() -> group.record(held.command));
        assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
        var outcomes = recordAtOnce(group, List.of(command("a", Optional.empty()), command("b", Optional.empty())));
        held.release.countDown();

        for (var outcome : outcomes) {
            assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(DataAccessException.class)
                    .matches(PendingAnswer::databaseDown, "the database is out of reach");
        }
        assertThat(alone).as("the held one only").hasValue(1);
    }

    @Test
    void aCommandNoWriterTakesInTime_failsAsTheDatabaseOutOfReach_andIsNeverWritten() throws Exception {
        var held = new Held();
        var recorder = new InboxRecorder(dsl);
        var group = new GroupCommit(dsl, 1, Duration.ofMillis(200), held.around(aloneIn(recorder)));
        var first = threads.submit(() -> group.record(held.command));
        assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
        var late = command("late", Optional.of("me"));

        assertThatThrownBy(() -> group.record(late))
                .isInstanceOf(DataAccessException.class)
                .matches(PendingAnswer::databaseDown, "the database is out of reach");
        held.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).id()).isPresent();
        assertThat(group.waiting()).isZero();
        assertThat(recorded(late.entry().key())).isZero();
    }

    /**
     * Four writers and 32 threads, as a busy instance's request threads: every command recorded once, with the outcome
     * it would have had alone, whichever batch it fell in; replays refused and commands sent again not recorded twice.
     */
    @Test
    void manyThreadsAndWriters_recordEachCommandOnce() throws Exception {
        var group = new GroupCommit(dsl, 4, Duration.ofSeconds(10), aloneIn(new InboxRecorder(dsl)));
        var many = Executors.newFixedThreadPool(32);
        try {
            var outcomes = new ArrayList<Future<InboxRecorder.Signed>>();
            for (int i = 0; i < 300; i++) {
                var first = command("many" + i, Optional.of("me"));
                outcomes.add(many.submit(() -> group.record(first)));
                if (i % 10 == 0) { // the same request again (a replay), and the same command signed anew
                    outcomes.add(many.submit(() -> group.record(first)));
                    var signedAnew = new InboxBatch.Signed(signature(), Instant.now(), first.entry());
                    outcomes.add(many.submit(() -> group.record(signedAnew)));
                }
            }
            int recordedNow = 0;
            int replays = 0;
            for (var outcome : outcomes) {
                var signed = outcome.get(30, TimeUnit.SECONDS);
                assertThat(signed.id().isPresent() && signed.replayed()).isFalse();
                recordedNow += signed.id().isPresent() ? 1 : 0;
                replays += signed.replayed() ? 1 : 0;
            }
            assertThat(recordedNow)
                    .as("each command recorded by exactly one of its requests")
                    .isEqualTo(300);
            assertThat(replays).as("each replay refused").isEqualTo(30);
            assertThat(dsl.fetchCount(
                            COMMAND_INBOX, COMMAND_INBOX.TEAM_ID.eq(TEAM).and(COMMAND_INBOX.TRIGGER_ID.like("many%"))))
                    .isEqualTo(300);
            assertThat(group.waiting()).isZero();
        } finally {
            many.shutdownNow();
        }
    }

    /** A first command whose writing waits until released, holding the only writer. */
    private static final class Held {
        final InboxBatch.Signed command = command("held", Optional.of("me"));
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Function<InboxBatch.Signed, InboxRecorder.Signed> around(
                Function<InboxBatch.Signed, InboxRecorder.Signed> alone) {
            return signed -> {
                if (signed == command) {
                    started.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return alone.apply(signed);
            };
        }
    }

    /** Each command recorded by a thread of its own, returning once all wait for the writer. */
    private List<Future<InboxRecorder.Signed>> recordAtOnce(GroupCommit group, List<InboxBatch.Signed> commands) {
        int before = group.waiting();
        var outcomes = new ArrayList<Future<InboxRecorder.Signed>>();
        for (var command : commands) {
            outcomes.add(threads.submit(() -> group.record(command)));
        }
        Eventually.await("every command waits", () -> group.waiting() == before + commands.size());
        return outcomes;
    }

    private static Function<InboxBatch.Signed, InboxRecorder.Signed> aloneIn(InboxRecorder recorder) {
        return signed -> recorder.insertSigned(signed.signature(), signed.seenAt(), signed.entry());
    }

    private static InboxBatch.Signed command(String trigger, Optional<String> claimedBy) {
        var entry = new InboxRecorder.Recording(
                TEAM,
                "/kudos",
                trigger + "." + UUID.randomUUID(),
                "{\"text\":\"<@U1> thanks \\\"quoted\\\", {braces}\"}",
                true,
                Instant.now(),
                claimedBy,
                LEASE);
        return new InboxBatch.Signed(signature(), Instant.now(), entry);
    }

    private static String signature() {
        return "v0=group." + UUID.randomUUID();
    }

    private int recorded(String trigger) {
        return dsl.fetchCount(COMMAND_INBOX, COMMAND_INBOX.TRIGGER_ID.eq(trigger));
    }
}
