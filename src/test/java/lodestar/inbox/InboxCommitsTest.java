package lodestar.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import lodestar.testing.CommitSettings;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Recording a command waits for the disk (the ack promises it is saved); the bookkeeping after it (claims, renewals,
 * done) does not, on a session that commits synchronously as a PostgreSQL server does by default.
 */
class InboxCommitsTest {
    @Test
    void recordingACommandWaitsForTheDisk_itsBookkeepingDoesNot() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            var recorder = new InboxRecorder(dsl);
            var repository = new InboxRepository(dsl);
            String instance = UUID.randomUUID().toString();
            try (var commits = CommitSettings.note(dsl, "command_inbox", "trigger_id")) {
                String trigger = "commits." + UUID.randomUUID();
                long id = recorder.insert(new InboxRecorder.Recording(
                                "T0COMMITS",
                                "/kudos",
                                trigger,
                                "{}",
                                true,
                                Instant.now(),
                                Optional.empty(),
                                Duration.ofMinutes(1)))
                        .orElseThrow();
                assertThat(repository.claim(instance, true, 100, Duration.ofMinutes(1)))
                        .extracting(InboxRepository.Entry::id)
                        .contains(id);
                repository.renew(instance, java.util.List.of(id), Duration.ofMinutes(1));
                repository.done(id);

                assertThat(commits.of(trigger)).containsExactly("on", "off", "off", "off");
            } finally {
                dsl.execute("delete from command_inbox where team_id = 'T0COMMITS'");
            }
        }
    }
}
