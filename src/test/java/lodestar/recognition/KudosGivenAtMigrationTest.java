package lodestar.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * V28: the recipients and values of kudos given before it get their kudos' given_at, so that a period's figures, now
 * read by that copy, still count them; so do those an instance of the version before inserts afterwards.
 */
class KudosGivenAtMigrationTest {
    @Test
    void recipientsAndValuesFromBeforeV28_orFromAnOlderInstance_getTheirKudosGivenAt() {
        var dsl = TestDatabase.get().database().dsl();
        String schema = "before_v28";
        dsl.execute("drop schema if exists " + schema + " cascade");
        try {
            TestDatabase.get().migrate(schema, "27");
            dsl.execute("insert into " + schema + ".workspace (team_id) values ('T1')");
            dsl.execute("insert into " + schema + ".kudos (team_id, giver_id, by_leader, reason, idempotency_key,"
                    + " given_at) values ('T1', 'U1', false, 'r', 'k1', '2026-03-01T10:00:00Z'),"
                    + " ('T1', 'U2', false, 'r', 'k2', '2026-11-20T18:30:00.123456Z')");
            dsl.execute("insert into " + schema + ".kudos_recipient (kudos_id, team_id, user_id) select id, team_id,"
                    + " u from " + schema + ".kudos, unnest(array['U3', 'U4']) u");
            dsl.execute("insert into " + schema + ".kudos_value (kudos_id, team_id, value_name) select id, team_id,"
                    + " 'ownership' from " + schema + ".kudos");

            TestDatabase.get().migrate(schema, "28");

            // An instance of the version before, still running during a rolling deploy, sets no given_at.
            dsl.execute("insert into " + schema + ".kudos_recipient (kudos_id, team_id, user_id) select id, team_id,"
                    + " 'U5' from " + schema + ".kudos");
            dsl.execute("insert into " + schema + ".kudos_value (kudos_id, team_id, value_name) select id, team_id,"
                    + " 'empathy' from " + schema + ".kudos");

            for (String table : new String[] {"kudos_recipient", "kudos_value"}) {
                var copied = dsl.fetchValue("select count(*) from " + schema + "." + table + " c join " + schema
                        + ".kudos k on k.id = c.kudos_id where c.given_at = k.given_at");
                var all = dsl.fetchValue("select count(*) from " + schema + "." + table);
                assertThat(((Number) copied).intValue()).as(table).isEqualTo(((Number) all).intValue());
                assertThat(((Number) all).intValue()).as(table).isPositive();
                var nullable = dsl.fetchValue("select is_nullable from information_schema.columns where table_schema"
                        + " = '" + schema + "' and table_name = '" + table + "' and column_name = 'given_at'");
                assertThat(nullable).as(table).isEqualTo("NO");
            }
        } finally {
            dsl.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
