package lodestar.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;
import lodestar.testing.CommitSettings;
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
    @Test
    void aSignatureIsRecordedOnce_andCommittedWithoutWaitingForTheDisk_whileOtherCommitsStillWait() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var signatures = new SeenSignatures(dsl, Clock.systemUTC());
            String seen = "v0=" + UUID.randomUUID();
            try (var commits = CommitSettings.note(dsl, "slack_request_seen", "signature")) {
                assertThat(signatures.firstTime(seen)).isTrue();
                dsl.execute("insert into slack_request_seen (signature, seen_at) values ('v0=plain', now())");

                assertThat(commits.of(seen)).containsExactly("off");
                assertThat(commits.of("v0=plain"))
                        .as("the session's other commits")
                        .containsExactly("on");
                assertThat(dsl.fetchValue("show synchronous_commit")).isEqualTo("on");
                assertThat(signatures.firstTime(seen)).as("a replay").isFalse();
            } finally {
                dsl.execute("delete from slack_request_seen where signature = 'v0=plain'");
            }
        }
    }
}
