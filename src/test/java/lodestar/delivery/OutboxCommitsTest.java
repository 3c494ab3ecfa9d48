package lodestar.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import lodestar.testing.CommitSettings;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * Enqueueing a message and marking it on its way wait for the disk; the senders' other bookkeeping (claims, outcomes,
 * giving back) does not, on a session that commits synchronously as a PostgreSQL server does by default.
 */
class OutboxCommitsTest {
    private static final String TEAM = "T0OUTCOMMITS";

    @Test
    void enqueueingAndTheMarkOnItsWayWaitForTheDisk_claimsAndOutcomesDoNot() throws Exception {
        try (var connection = CommitSettings.synchronousSession()) {
            var dsl = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false));
            try (var commits = CommitSettings.note(dsl, "outbox", "dedupe_key")) {
                var now = Instant.now();
                var until = now.plus(Duration.ofMinutes(1));
                String sent = "commits.sent." + UUID.randomUUID();
                String refused = "commits.refused." + UUID.randomUUID();
                String later = "commits.later." + UUID.randomUUID();
                for (String key : new String[] {sent, refused, later}) {
                    var message = Message.post(TEAM, "test", key, "C0COMMITS", "hello");
                    long id = Outbox.enqueue(dsl, message, now).orElseThrow();
                    var token = UUID.randomUUID();
                    assertThat(Deliveries.claim(dsl, id, token, now, until)).isPresent();
                    assertThat(Deliveries.sending(dsl, id, token, now, until)).isTrue();
                    if (key.equals(sent)) {
                        boolean recorded = dsl.transactionResult(
                                tx -> Deliveries.sent(tx.dsl(), id, token, "C0COMMITS", "1.0001", now));
                        assertThat(recorded).isTrue();
                    } else if (key.equals(refused)) {
                        boolean recorded = dsl.transactionResult(
                                tx -> Deliveries.refused(tx.dsl(), id, token, "channel_not_found", now));
                        assertThat(recorded).isTrue();
                    } else {
                        Deliveries.later(dsl, id, token, now.plusSeconds(5), "ratelimited", true);
                    }
                }

                // enqueued, claimed, on its way, then its outcome
                assertThat(commits.of(sent)).containsExactly("on", "off", "on", "off");
                assertThat(commits.of(refused)).containsExactly("on", "off", "on", "off");
                assertThat(commits.of(later)).containsExactly("on", "off", "on", "off");
            } finally {
                dsl.execute("delete from outbox where team_id = '" + TEAM + "'");
            }
        }
    }
}
