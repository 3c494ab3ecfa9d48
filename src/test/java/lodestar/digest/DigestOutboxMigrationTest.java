package lodestar.digest;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V19_3 on an installation whose digests were recorded in digest_delivery: a database migrated to V18, seeded, then
 * migrated to the latest version, as on the day of the upgrade.
 */
class DigestOutboxMigrationTest {
    private static final String DATABASE = "digest_outbox_migration";

    private lodestar.Config.DatabaseUrl url;
    private CloseableDSLContext db;

    @BeforeEach
    void migrateToV18() {
        url = TestDatabase.get().emptyDatabase(DATABASE);
        flyway().target("18").load().migrate();
        db = DSL.using(url.jdbcUrl(), url.user(), url.password());
        db.execute("insert into workspace (team_id) values ('T1')");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
        TestDatabase.get().database().dsl().execute("DROP DATABASE " + DSL.quotedName(DATABASE) + " WITH (FORCE)");
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration");
    }

    private void delivery(String recipient, String sentAt, String failure) {
        db.execute(
                "insert into digest_delivery (team_id, recipient, week, sent_at, claimed_at, claimed_by, failure)"
                        + " values ('T1', ?, '2026-W48', ?::timestamptz, '2026-11-23T09:00:00Z', 'an instance', ?)",
                recipient,
                sentAt,
                failure);
    }

    @Test
    void sentAndRefusedWeeks_becomeDoneOutboxRowsUnderTheirKeys_andAClaimAloneIsLeftToBeSent() {
        delivery("U1", "2026-11-23T09:00:02Z", null);
        delivery("C1", null, "is_archived");
        delivery("U2", null, null); // claimed when the old instance stopped: neither sent nor refused

        flyway().load().migrate();

        var rows = db.fetch("select dedupe_key, kind, channel, state, error, attempts, in_flight from outbox"
                + " order by dedupe_key");
        assertThat(rows.map(r -> r.get("dedupe_key") + " " + r.get("kind") + " " + r.get("channel") + " "
                        + r.get("state") + " " + r.get("error") + " " + r.get("in_flight")))
                .containsExactly(
                        DigestSender.dedupeKey("C1", "2026-W48") + " digest C1 refused is_archived false",
                        DigestSender.dedupeKey("U1", "2026-W48") + " digest U1 sent null false");
        assertThat(db.fetchValue("select to_regclass('digest_delivery')")).isNull();
    }
}
