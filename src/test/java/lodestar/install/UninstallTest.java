package lodestar.install;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** Uninstalling: a workspace's rows and scheduled jobs are deleted, or an organisation's, and no one else's. */
class UninstallTest extends InstallFixture {
    @Test
    void uninstalling_deletesEveryRowOfTheWorkspace_andItsScheduledJobs_andLeavesTheOtherUntouched() throws Exception {
        install(ONE, null, "xoxb-one");
        install(TWO, null, "xoxb-two");
        for (var team : List.of(ONE, TWO)) {
            var from = harness.send().from(team, null);
            from.command("/cx", "mission Serve " + team, ADMIN);
            from.command("/kudos", "<@" + BOB + "|bob> #customer-first answered a customer at midnight", ALICE);
            from.command("/quote", "schedule <#C0QUOTES|quotes> 09:00 Europe/Paris daily", ADMIN);
            harness.app().pulse().service().create(new lodestar.workspace.Actor(team, null, ADMIN), survey("C0QUOTES"));
        }
        assertThat(jobsOf(ONE)).isPositive();

        harness.send().from(ONE, null).event(uninstalled());

        // Every table with a team_id, from the catalogue (not from the code under test).
        var tables = strings("select table_name from information_schema.columns where table_schema = 'public' and"
                + " column_name = 'team_id' and table_name in (select table_name from information_schema.tables"
                + " where table_type = 'BASE TABLE')");
        assertThat(tables).contains("workspace", "kudos", "quote_schedule", "pulse_series", "outbox", "installation");
        for (String table : tables) {
            assertThat(rowsOf(table, ONE)).as(table).isZero();
        }
        assertThat(rowsOf("pulse_series", TWO)).isEqualTo(1);
        assertThat(jobsOf(ONE)).isZero();
        assertThat(jobsOf(TWO)).isPositive();
        assertThat(rowsOf("kudos", TWO)).isEqualTo(1);
        assertThat(rowsOf("workspace", TWO)).isEqualTo(1);
        assertThat(strings("select install_key from installation")).containsExactly("T:" + TWO);

        assertThat(answer(harness.send().from(ONE, null).command("/cx", "", ALICE)))
                .contains("isn't installed in this workspace");
        assertThat(rowsOf("workspace", ONE)).isZero();
    }

    @Test
    void uninstallingAnOrgWideInstall_deletesEveryWorkspaceOfTheOrganisation() throws Exception {
        install(null, "E0ORG", "xoxb-org");
        install(ONE, null, "xoxb-one");
        for (var team : List.of("T0ORGA", "T0ORGB", ONE)) {
            var from = harness.send().from(team, team.equals(ONE) ? null : "E0ORG");
            from.command("/cx", "mission Serve " + team, ADMIN);
        }

        harness.send().from("T0ORGA", "E0ORG").event(uninstalled(), true);

        assertThat(strings("select team_id from workspace")).containsExactly(ONE);
        assertThat(strings("select install_key from installation")).containsExactly("T:" + ONE);
    }

    @Test
    void aWorkspaceWithItsOwnInstallInAnOrganisation_uninstalledTwice_leavesTheOrganisationAlone() throws Exception {
        install(null, "E0ORG", "xoxb-org");
        install("T0ORGA", "E0ORG", "xoxb-orga");
        for (var team : List.of("T0ORGA", "T0ORGB")) {
            harness.send().from(team, "E0ORG").command("/cx", "mission Serve " + team, ADMIN);
        }

        harness.send().from("T0ORGA", "E0ORG").event(uninstalled());
        harness.send().from("T0ORGA", "E0ORG").event(uninstalled()); // a retry, or tokens_revoked after it

        assertThat(strings("select team_id from workspace")).containsExactly("T0ORGB");
        assertThat(strings("select install_key from installation")).containsExactly("E:E0ORG");
    }

    @Test
    void theWorkspaceRecordedAfterTheAck_doesNotComeBackAfterTheUninstall() throws Exception {
        install(ONE, null, "xoxb-one");
        harness.send().from(ONE, null).command("/cx", "mission Serve them well", ADMIN);
        harness.holdAfterAck();

        harness.send().from(ONE, null).event(uninstalled());
        harness.runAfterAck();

        assertThat(rowsOf("workspace", ONE)).isZero();
        assertThat(rowsOf("cx_value", ONE)).isZero();
    }

    @Test
    void anInstanceDyingAfterAckingTheUninstall_leavesItToAnother_andTheWorkspaceIsDeleted() throws Exception {
        install(ONE, null, "xoxb-one");
        harness.send().from(ONE, null).command("/cx", "mission Serve them well", ADMIN);
        harness.holdAfterAck();

        assertThat(harness.send().from(ONE, null).event(uninstalled()).status()).isEqualTo(200);
        assertThat(harness.dropAfterAck())
                .as("the deletion, queued in the dead instance")
                .isPositive();
        assertThat(rowsOf("workspace", ONE)).isEqualTo(1);
        assertThat(strings("select command from command_inbox where done_at is null"))
                .containsExactly("removal");

        // Its lease lapses; another instance (here the restarted one) deletes the workspace.
        TestDatabase.get()
                .database()
                .dsl()
                .execute("update command_inbox set lease_until = now() - interval '1 second'");
        while (harness.app().inbox().poll() > 0) {
            harness.runAfterAck();
        }

        assertThat(rowsOf("workspace", ONE)).isZero();
        assertThat(strings("select install_key from installation")).isEmpty();
        assertThat(strings("select command from command_inbox where done_at is null"))
                .isEmpty();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode uninstalled() {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .createObjectNode()
                .put("type", "app_uninstalled");
    }

    private static int rowsOf(String table, String team) {
        return ((Number) dsl().fetchValue("select count(*) from " + table + " where team_id = ?", team)).intValue();
    }

    private static int jobsOf(String team) {
        return ((Number) dsl().fetchValue(
                                "select count(*) from qrtz_job_details where job_name like ?", "%" + team + "%"))
                .intValue();
    }
}
