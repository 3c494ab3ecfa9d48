package lodestar.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.jooq.CloseableDSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V9 on a library that already holds exact duplicates: a database migrated to V8, seeded, then migrated to the
 * latest version, as an installation that ran the bot before V9 is upgraded.
 */
class QuoteDedupMigrationTest {
    private static final String DATABASE = "quote_dedup_migration";

    private lodestar.Config.DatabaseUrl url;
    private CloseableDSLContext db;

    @BeforeEach
    void migrateToV8() {
        url = TestDatabase.get().emptyDatabase(DATABASE);
        flyway().target("8").load().migrate();
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

    /** Adds a quote (ids are given in order from 1) with its loop state; returns nothing, the id is the order. */
    private void quote(
            String text, String sentiment, String author, boolean archived, String owner, String resolution) {
        db.execute(
                "insert into quote (team_id, text, sentiment, author, added_by, added_at, archived_at, owner_id,"
                        + " owned_at, resolved_at, resolution) values ('T1', ?, ?, ?, 'U0', now(),"
                        + " case when ? then now() end, ?::text, case when ?::text is not null then now() end,"
                        + " case when ?::text is not null then now() end, ?::text)",
                text,
                sentiment,
                author,
                archived,
                owner,
                owner,
                resolution,
                resolution);
    }

    private String loopState(long id) {
        var r = db.fetchOne("select owner_id, resolved_at is not null, resolution from quote where id = ?", id);
        return r.get(0) + "/" + r.get(1) + "/" + r.get(2);
    }

    @Test
    void duplicates_areMergedIntoTheActiveOne_keepingTheMostAdvancedLoopStateTheirPostsAndKudos() {
        // 1–3: one critique three times; the active one is kept, the resolution was made on another copy
        quote("Support is slow.", "critique", "Ann", true, "U1", null);
        quote("Support is slow.", "critique", "Ann", false, null, null);
        quote("Support is slow.", "critique", "Ann", true, "U3", "Hired two agents");
        // 4–5: owned (not resolved) only on the archived copy
        quote("Too expensive.", "critique", null, false, null, null);
        quote("Too expensive.", "critique", null, true, "U5", null);
        // 6–7: a praise whose archived copy was posted and answered with a kudos
        quote("Love the export.", "praise", "Bo", false, null, null);
        quote("Love the export.", "praise", "Bo", true, null, null);
        // 8–9: the kept copy's own owner stays when the other copy has none
        quote("Setup took a week.", "critique", "Cy", false, "U8", null);
        quote("Setup took a week.", "critique", "Cy", false, null, null);
        // 10: same text, other author: not a duplicate
        quote("Support is slow.", "critique", "Dee", false, null, null);
        db.execute("insert into quote_post (team_id, channel_id, quote_id, sentiment, rotation, scheduled_for,"
                + " posted_at, post_ts) values ('T1', 'C1', 7, 'praise', 1, date '2026-11-02', now(), '1.1')");
        db.execute("insert into kudos (team_id, giver_id, by_leader, reason, idempotency_key, given_at, quote_id,"
                + " quote_text) values ('T1', 'U2', false, 'made it happen', 'k1', now(), 7, 'Love the export.')");

        flyway().load().migrate();

        assertThat(db.fetch("select id from quote order by id").getValues(0, Long.class))
                .containsExactly(2L, 4L, 6L, 8L, 10L);
        assertThat(loopState(2)).isEqualTo("U3/true/Hired two agents");
        assertThat(loopState(4)).isEqualTo("U5/false/null");
        assertThat(loopState(6)).isEqualTo("null/false/null");
        assertThat(loopState(8)).isEqualTo("U8/false/null");
        assertThat(loopState(10)).isEqualTo("null/false/null");
        assertThat(db.fetchValue("select quote_id from quote_post where post_ts = '1.1'"))
                .isEqualTo(6L);
        assertThat(db.fetchValue("select quote_id from kudos where idempotency_key = 'k1'"))
                .isEqualTo(6L);
    }

    @Test
    void afterTheMerge_anExactDuplicateIsRefusedByTheDatabase() {
        flyway().load().migrate();
        quote("Support is slow.", "critique", "Ann", false, null, null);

        var second = db.execute("insert into quote (team_id, text, sentiment, author, added_by, added_at) values ('T1',"
                + " 'Support is slow.', 'critique', 'Ann', 'U0', now()) on conflict do nothing");

        assertThat(second).isZero();
    }
}
