package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import lodestar.App;
import lodestar.Config;
import lodestar.Seams;
import lodestar.slack.AfterAck;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.SlackRequests;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slash commands are recorded before their ack, so nothing acked is lost: not when the instance that acked dies before
 * doing them, not when it is stopped, not when it has no room for more. On the system clock, with instances sharing the
 * test database.
 */
class InboxTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

    private static final String FORM = "application/x-www-form-urlencoded";

    private static DSLContext db() {
        return TestDatabase.get().database().dsl();
    }

    private static String giver(int i) {
        return String.format(Locale.ROOT, "U0GIVER%03d", i);
    }

    private static SlackRequests.Reply give(SlackRequests send, int i) {
        return send.command("/kudos", "<@" + BOB + "|bob> #ownership Fixed the export for customer " + i, giver(i));
    }

    private static Config config(Path dataDir) {
        return new Config(
                Optional.of("xoxb-test-token"),
                Optional.of(SlackRequests.SIGNING_SECRET),
                Optional.empty(),
                Optional.of(TestDatabase.get().url()),
                0,
                harness.slack().apiUrl(),
                dataDir,
                Optional.of(Harness.SERVER_SECRET),
                Optional.empty());
    }

    /**
     * Another instance on the same database whose command workers (and long jobs) only queue what they are given, in
     * {@code held}.
     */
    private static App instance(Path dataDir, Queue<Runnable> held, int room) {
        return App.start(
                config(dataDir),
                new Seams(
                                Clock.systemUTC(),
                                new AfterAck(Runnable::run, held::add, held::add),
                                wait -> {},
                                false,
                                java.time.Duration.ofMinutes(1),
                                java.time.Duration.ofSeconds(10))
                        .withInbox(room, Inbox.LEASE));
    }

    /** Each giver got one kudos to Bob, posted once in the channel, and an answer saying it was posted. */
    private static void everyKudosDoneOnce(int count) {
        assertThat(db().fetchCount(KUDOS)).isEqualTo(count);
        assertThat(db().fetch("select giver_id from kudos").getValues(0, String.class))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, count)
                        .mapToObj(InboxTest::giver)
                        .toList());
        var posts = harness.slack().calls("chat.postMessage").stream()
                .filter(call -> call.params().path("channel").asText().equals(SlackRequests.CHANNEL))
                .toList();
        assertThat(posts).hasSize(count);
        for (int i = 0; i < count; i++) {
            String reason = "Fixed the export for customer " + i + "\n";
            assertThat(posts.stream().filter(post -> (FakeSlack.allText(post.params()) + "\n").contains(reason)))
                    .as("the post of kudos %d", i)
                    .hasSize(1);
        }
        List<FakeSlack.Call> answers = harness.slack().calls("response_url");
        assertThat(answers)
                .hasSizeGreaterThanOrEqualTo(count)
                .allSatisfy(answer -> assertThat(FakeSlack.allText(answer.params()))
                        .contains("Posted in <#" + SlackRequests.CHANNEL + ">"));
        assertThat(db().fetchCount(COMMAND_INBOX, COMMAND_INBOX.DONE_AT.isNull()))
                .as("nothing left to do in the inbox")
                .isZero();
        assertThat(db().fetchCount(COMMAND_INBOX, COMMAND_INBOX.PAYLOAD.ne("")))
                .as("no response_url kept once answered")
                .isZero();
    }

    @Test
    void anInstanceDiesWithCommandsAcked_anotherDoesEachOfThemOnce() {
        harness.holdAfterAck();
        int count = 60;
        for (int i = 0; i < count; i++) {
            var reply = give(harness.send(), i);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).as("acked at once, answered later").isEmpty();
        }
        // The instance dies: the work it queued in memory is gone; its claims hold until their lease lapses.
        assertThat(harness.dropAfterAck()).isGreaterThanOrEqualTo(count);
        assertThat(db().fetchCount(KUDOS)).isZero();
        assertThat(db().fetchCount(COMMAND_INBOX)).isEqualTo(count);
        assertThat(harness.app().inbox().poll())
                .as("claimed by the dead instance: not yet")
                .isZero();

        // A minute later its leases have lapsed, and any instance (here the restarted one) takes the commands.
        db().execute("update command_inbox set lease_until = now() - interval '1 second'");
        while (harness.app().inbox().poll() > 0) {
            harness.runAfterAck();
        }

        everyKudosDoneOnce(count);
        assertThat(harness.slack().calls("response_url")).hasSize(count);
    }

    /**
     * Commands that arrive together may be recorded together ({@link GroupCommit}): each is still recorded once and done
     * once; among them, a request replayed as it was is refused, and one Slack sent again (the same command, signed
     * anew) is acked and not done twice.
     */
    @Test
    void commandsSentAtOnce_areEachRecordedAndDoneOnce_andAReplayAmongThemIsRefused() throws Exception {
        harness.holdAfterAck();
        int count = 48;
        var send = harness.send();
        String body =
                send.commandBody("/kudos", "<@" + BOB + "|bob> #ownership Fixed the export for customer 0", giver(0));
        var signedAt = java.time.Instant.now();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            var twice = new java.util.ArrayList<java.util.concurrent.Future<SlackRequests.Reply>>();
            for (var at : List.of(signedAt, signedAt, signedAt.minusSeconds(1))) {
                twice.add(threads.submit(() -> send.post(body, FORM, at, SlackRequests.SIGNING_SECRET)));
            }
            var others = new java.util.ArrayList<java.util.concurrent.Future<SlackRequests.Reply>>();
            for (int i = 1; i < count; i++) {
                int n = i;
                others.add(threads.submit(() -> give(send, n)));
            }
            var statuses = new java.util.ArrayList<Integer>();
            for (var reply : twice) {
                statuses.add(
                        reply.get(30, java.util.concurrent.TimeUnit.SECONDS).status());
            }
            assertThat(statuses)
                    .as("the first and the one signed anew acked, the replay refused")
                    .containsExactlyInAnyOrder(200, 200, 401);
            for (var reply : others) {
                assertThat(reply.get(30, java.util.concurrent.TimeUnit.SECONDS).status())
                        .isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(db().fetchCount(COMMAND_INBOX)).isEqualTo(count);

        do {
            harness.runAfterAck();
        } while (harness.app().inbox().poll() > 0);

        everyKudosDoneOnce(count);
    }

    @Test
    void aStoppingInstanceHandsBackWhatItHasNotDone_andTheNextDoesItAtOnce(@TempDir Path dataDir) throws Exception {
        int count = 20;
        var held = new ConcurrentLinkedQueue<Runnable>();
        try (var stopping = instance(dataDir, held, 1_000)) {
            var send = new SlackRequests(stopping.port(), harness.slack());
            for (int i = 0; i < count; i++) {
                assertThat(give(send, i).body()).isEmpty();
            }
            assertThat(held).hasSizeGreaterThanOrEqualTo(count);
        } // stopped (as by SIGTERM) before its workers got to the commands
        assertThat(db().fetchCount(COMMAND_INBOX, COMMAND_INBOX.CLAIMED_BY.isNull()))
                .as("handed back, not left to a lease")
                .isEqualTo(count);
        held.forEach(Runnable::run); // a worker that starts after the stop does nothing
        assertThat(db().fetchCount(KUDOS)).isZero();

        while (harness.app().inbox().poll() > 0) {
            // the harness's instance runs them inline
        }

        everyKudosDoneOnce(count);
        assertThat(harness.slack().calls("response_url")).hasSize(count);
    }

    @Test
    void withNoRoomLeft_theAckSaysTheCommandIsSaved_andItIsDoneInTurn(@TempDir Path dataDir) throws Exception {
        var held = new ConcurrentLinkedQueue<Runnable>();
        try (var busy = instance(dataDir, held, 2)) {
            var send = new SlackRequests(busy.port(), harness.slack());
            var replies = java.util.stream.IntStream.range(0, 5)
                    .mapToObj(i -> give(send, i))
                    .toList();
            assertThat(replies.subList(0, 2))
                    .allSatisfy(reply -> assertThat(reply.body()).isEmpty());
            assertThat(replies.subList(2, 5)).allSatisfy(reply -> {
                assertThat(reply.status()).isEqualTo(200);
                assertThat(reply.text()).contains("Lodestar is busy", "saved", "answer will appear here");
            });
            assertThat(db().fetchCount(COMMAND_INBOX)).isEqualTo(5);

            while (!held.isEmpty()) {
                held.poll().run();
                busy.inbox().poll(); // room again: it claims what waits
            }
        }

        everyKudosDoneOnce(5);
        assertThat(harness.slack().calls("response_url")).hasSize(5);
    }

    @Test
    void aLiveInstanceKeepsWhatItHolds_howeverLongItsQueue(@TempDir Path dataDir) throws Exception {
        harness.holdAfterAck();
        for (int i = 0; i < 5; i++) {
            give(harness.send(), i);
        }
        // Its queue is long: a minute later its claims would lapse, but it renews them while it lives.
        db().execute("update command_inbox set lease_until = now() - interval '1 second'");
        harness.app().inbox().renewClaims();
        try (var other = instance(dataDir, new ConcurrentLinkedQueue<>(), 1_000)) {
            assertThat(other.inbox().poll())
                    .as("nothing for another instance to take")
                    .isZero();
        }
        harness.runAfterAck();

        everyKudosDoneOnce(5);
        assertThat(harness.slack().calls("response_url")).hasSize(5);
    }

    @Test
    void aCommandSlackSendsTwice_isDoneOnce() {
        String body = harness.send().commandBody("/kudos", "<@" + BOB + "|bob> #ownership Fixed the export", giver(0));
        var first = harness.send()
                .post(body, "application/x-www-form-urlencoded", java.time.Instant.now(), SlackRequests.SIGNING_SECRET);
        var again = harness.send()
                .post(
                        body,
                        "application/x-www-form-urlencoded",
                        java.time.Instant.now().plusSeconds(1),
                        SlackRequests.SIGNING_SECRET);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(db().fetchCount(KUDOS)).isEqualTo(1);
        assertThat(harness.slack().calls("response_url")).hasSize(1);
    }
}
