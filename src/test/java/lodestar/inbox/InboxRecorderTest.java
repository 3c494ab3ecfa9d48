package lodestar.inbox;

import static lodestar.db.schema.Tables.COMMAND_INBOX;
import static lodestar.db.schema.Tables.SLACK_REQUEST_SEEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import lodestar.testing.CommitSettings;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * A slash command and its request's signature are recorded in one statement, the ack's one round trip, which waits for
 * the disk: a replayed signature records nothing, a command sent again with a new signature records the signature
 * only.
 */
class InboxRecorderTest {
    private static final Duration LEASE = Duration.ofMinutes(1);

    @Test
    void aCommandIsRecordedWithItsSignature_once_andAReplayRecordsNothing() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var recorder = new InboxRecorder(dsl);
            String trigger = "signed." + UUID.randomUUID();
            String signature = "v0=" + UUID.randomUUID();
            String resent = "v0=" + UUID.randomUUID();
            try (var commits = CommitSettings.note(dsl, "command_inbox", "trigger_id")) {
                var first = record(recorder, signature, trigger);
                var replayed = record(recorder, signature, trigger);
                var sentAgain = record(recorder, resent, trigger);

                assertThat(first.id()).isPresent();
                assertThat(first.replayed()).isFalse();
                assertThat(replayed).isEqualTo(new InboxRecorder.Signed(Optional.empty(), true));
                assertThat(sentAgain).isEqualTo(new InboxRecorder.Signed(Optional.empty(), false));
                assertThat(dsl.fetchCount(COMMAND_INBOX, COMMAND_INBOX.TRIGGER_ID.eq(trigger)))
                        .isEqualTo(1);
                assertThat(seen(dsl, signature)).isEqualTo(1);
                assertThat(seen(dsl, resent))
                        .as("a new signature is remembered")
                        .isEqualTo(1);
                assertThat(commits.of(trigger))
                        .as("the ack's commit waits for the disk")
                        .containsExactly("on");
            } finally {
                dsl.execute("delete from command_inbox where team_id = 'T0SIGNED'");
                dsl.deleteFrom(SLACK_REQUEST_SEEN)
                        .where(SLACK_REQUEST_SEEN.SIGNATURE.in(signature, resent))
                        .execute();
            }
        }
    }

    /**
     * Two instances let the same signature in at once: the second waits for the first's transaction, then records
     * nothing (a replay) if it committed, and the command if it rolled back.
     */
    @Test
    void twoInstancesRacingOnOneSignature_recordItOnce() throws Exception {
        String trigger = "race." + UUID.randomUUID();
        try (var first = CommitSettings.synchronousSession();
                var second = CommitSettings.synchronousSession()) {
            var firstDsl = DSL.using(first, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var secondDsl = DSL.using(second, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var waiting = java.util.concurrent.Executors.newSingleThreadExecutor();
            var signatures = new java.util.ArrayList<String>();
            try {
                for (boolean commits : new boolean[] {false, true}) {
                    String signature = "v0=" + UUID.randomUUID();
                    signatures.add(signature);
                    first.setAutoCommit(false);
                    assertThat(record(new InboxRecorder(firstDsl), signature, trigger + commits)
                                    .replayed())
                            .isFalse();
                    var racing =
                            waiting.submit(() -> record(new InboxRecorder(secondDsl), signature, trigger + commits));
                    Thread.sleep(300);
                    assertThat(racing).as("waits for the first").isNotDone();
                    if (commits) {
                        first.commit();
                    } else {
                        first.rollback();
                    }
                    first.setAutoCommit(true);
                    var raced = racing.get(10, java.util.concurrent.TimeUnit.SECONDS);

                    assertThat(raced.replayed()).as("replayed after a commit").isEqualTo(commits);
                    assertThat(raced.id().isPresent())
                            .as("recorded after a rollback")
                            .isEqualTo(!commits);
                    assertThat(firstDsl.fetchCount(COMMAND_INBOX, COMMAND_INBOX.TRIGGER_ID.eq(trigger + commits)))
                            .isEqualTo(1);
                }
            } finally {
                waiting.shutdownNow();
                firstDsl.execute("delete from command_inbox where team_id = 'T0SIGNED'");
                firstDsl.deleteFrom(SLACK_REQUEST_SEEN)
                        .where(SLACK_REQUEST_SEEN.SIGNATURE.in(signatures))
                        .execute();
            }
        }
    }

    private static InboxRecorder.Signed record(InboxRecorder recorder, String signature, String trigger) {
        var entry = new InboxRecorder.Recording(
                "T0SIGNED", "/kudos", trigger, "{}", true, Instant.now(), Optional.of("me"), LEASE);
        return recorder.insertSigned(signature, Instant.now(), entry);
    }

    private static int seen(DSLContext dsl, String signature) {
        return dsl.fetchCount(SLACK_REQUEST_SEEN, SLACK_REQUEST_SEEN.SIGNATURE.eq(signature));
    }
}
