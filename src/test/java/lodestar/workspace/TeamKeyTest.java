package lodestar.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Issue point 9: every table of Lodestar's own is keyed by the Slack team it belongs to. */
class TeamKeyTest {
    /**
     * Quartz's and Flyway's tables aside, and the signatures of requests seen lately: a signature is recorded before
     * the request is read, to refuse replays, and says nothing of any workspace. An install's state exists before
     * there is a workspace (so does a dashboard sign-in's); an installation is keyed by its workspace or, org-wide, by its
     * organisation.
     */
    @Test
    void everyTableButQuartzAndFlyways_hasANotNullTeamId() {
        var dsl = TestDatabase.get().database().dsl();
        var tables = dsl.fetch("select table_name from information_schema.tables where table_schema = 'public'"
                        + " and table_type = 'BASE TABLE' and table_name not like 'qrtz%'"
                        + " and table_name not in ('flyway_schema_history', 'slack_request_seen', 'oauth_state',"
                        + " 'installation', 'dashboard_signin')")
                .getValues(0, String.class);
        var keyed = dsl.fetch("select table_name from information_schema.columns where table_schema = 'public'"
                        + " and column_name = 'team_id' and is_nullable = 'NO' and data_type = 'text'")
                .getValues(0, String.class);

        assertThat(tables).contains("kudos_value", "pulse_answer", "quote_reply");
        assertThat(keyed).containsAll(tables);
    }

    @Test
    void rowsFromBeforeV12_getTheirParentsTeamId() {
        var dsl = TestDatabase.get().database().dsl();
        String schema = "before_v12";
        dsl.execute("drop schema if exists " + schema + " cascade");
        try {
            TestDatabase.get().migrate(schema, "11");
            dsl.execute("insert into " + schema + ".workspace (team_id) values ('T1'), ('T2')");
            dsl.execute("insert into " + schema + ".kudos (team_id, giver_id, by_leader, reason, idempotency_key,"
                    + " given_at) values ('T1', 'U1', false, 'r', 'k1', now()), ('T2', 'U2', false, 'r', 'k2', now())");
            dsl.execute("insert into " + schema + ".kudos_value (kudos_id, value_name) select id, 'ownership' from "
                    + schema + ".kudos");
            dsl.execute("insert into " + schema + ".kudos_reaction (kudos_id, user_id, reaction) select id, 'U3',"
                    + " 'tada' from " + schema + ".kudos");

            TestDatabase.get().migrate(schema, "12");

            for (String table : new String[] {"kudos_value", "kudos_reaction"}) {
                var mismatched = dsl.fetchValue("select count(*) from " + schema + "." + table + " c join " + schema
                        + ".kudos k on k.id = c.kudos_id where c.team_id is distinct from k.team_id");
                assertThat(((Number) mismatched).intValue()).as(table).isZero();
                assertThat(((Number) dsl.fetchValue("select count(distinct team_id) from " + schema + "." + table))
                                .intValue())
                        .as(table)
                        .isEqualTo(2);
            }
        } finally {
            dsl.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
