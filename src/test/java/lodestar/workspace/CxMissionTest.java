package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code /cx mission}: anyone may read it; workspace admins, owners and Lodestar admins may set it, in at
 * most 500 characters and without @channel.
 */
class CxMissionTest extends CxFixture {
    @Test
    void noMissionYet_saysHowToSetOne() {
        assertThat(cx("mission", ALICE).text()).contains("No CX mission yet", "/cx mission");
    }

    @Test
    void adminSetsMission_confirmsAndEveryoneSeesIt() {
        var ack = cx("mission We exist so that every customer can run payroll without worry.", ADMIN);

        assertThat(ack.status()).isEqualTo(200);
        assertThat(answer()).contains("Mission updated", "We exist so that every customer can run payroll");
        assertThat(cx("mission", ALICE).text()).contains("We exist so that every customer can run payroll");
    }

    @Test
    void ownerMaySetMission() {
        cx("mission Customers first.", OWNER);

        assertThat(settings().mission()).contains("Customers first.");
    }

    @Test
    void memberIsRefused_andNothingChanges() {
        cx("mission Mine now.", ALICE);

        assertThat(answer()).contains("Only workspace admins, owners and Lodestar admins", "nothing changed");
        assertThat(settings().mission()).isEmpty();
    }

    @Test
    void overlongMission_isRefusedWithTheLimit() {
        cx("mission " + "a".repeat(501), ADMIN);

        assertThat(answer()).contains("at most 500 characters", "501");
        assertThat(settings().mission()).isEmpty();
    }

    @Test
    void missionWithAnAmpersand_isCountedAsTyped() {
        // Slack sends "&" as "&amp;": 499 characters as typed, 503 as sent
        String typed = "a".repeat(495) + " &amp; b";
        cx("mission " + typed, ADMIN);

        assertThat(answer()).doesNotContain("at most 500 characters");
        assertThat(settings().mission()).contains(typed);
        harness.slack().reset();

        cx("mission " + "a".repeat(497) + " &amp; b", ADMIN);

        assertThat(answer()).contains("at most 500 characters", "(this one has 501)");
        assertThat(settings().mission()).contains(typed);
    }

    @Test
    void broadcastMention_isRefused() {
        cx("mission Hey <!channel> we love customers", ADMIN);

        assertThat(answer()).contains("can't mention @channel");
        assertThat(settings().mission()).isEmpty();
    }

    @Test
    void lodestarAdmin_maySetMission() {
        cx("admins add <@" + ALICE + "|alice>", ADMIN);
        harness.slack().reset();

        cx("mission Alice's mission.", ALICE);

        assertThat(answer()).contains("Mission updated");
        assertThat(settings().mission()).contains("Alice's mission.");
    }
}
