package lodestar.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.UUID;
import lodestar.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Signatures are shared by every instance, and recording one does not make the ack wait for the disk: on a session
 * that commits synchronously (as a PostgreSQL server does by default), a signature's own commit does not wait for its
 * WAL to be flushed; the session's other commits still do.
 */
class SeenSignaturesTest {
    private static Connection synchronousSession() throws Exception {
        var url = TestDatabase.get().url();
        var connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        connection.createStatement().execute("set synchronous_commit = on");
        return connection;
    }

    /**
     * Notes, at each commit that inserted a signature, the {@code synchronous_commit} it commits with: a deferred
     * constraint trigger runs at commit, in the committing transaction.
     */
    private static void noteCommits(DSLContext dsl) {
        dsl.execute("create table if not exists test_commit_setting (signature text, synchronous_commit text)");
        dsl.execute("create or replace function test_note_commit() returns trigger language plpgsql as $$ begin"
                + " insert into test_commit_setting values (new.signature, current_setting('synchronous_commit'));"
                + " return null; end $$");
        dsl.execute("create constraint trigger test_note_commit after insert on slack_request_seen"
                + " deferrable initially deferred for each row execute function test_note_commit()");
    }

    private static void stopNoting(DSLContext dsl) {
        dsl.execute("drop trigger if exists test_note_commit on slack_request_seen");
        dsl.execute("drop table if exists test_commit_setting");
        dsl.execute("drop function if exists test_note_commit()");
    }

    @Test
    void aSignatureIsRecordedOnce_andCommittedWithoutWaitingForTheDisk_whileOtherCommitsStillWait() throws Exception {
        try (var connection = synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var signatures = new SeenSignatures(dsl, Clock.systemUTC());
            String seen = "v0=" + UUID.randomUUID();
            noteCommits(dsl);
            try {
                assertThat(signatures.firstTime(seen)).isTrue();
                dsl.execute("insert into slack_request_seen (signature, seen_at) values ('v0=plain', now())");

                assertThat(dsl.fetchValue(
                                "select synchronous_commit from test_commit_setting where signature = ?", seen))
                        .isEqualTo("off");
                assertThat(dsl.fetchValue(
                                "select synchronous_commit from test_commit_setting where signature = 'v0=plain'"))
                        .as("the session's other commits")
                        .isEqualTo("on");
                assertThat(dsl.fetchValue("show synchronous_commit")).isEqualTo("on");
                assertThat(signatures.firstTime(seen)).as("a replay").isFalse();
            } finally {
                stopNoting(dsl);
                dsl.execute("delete from slack_request_seen where signature = 'v0=plain'");
            }
        }
    }
}
