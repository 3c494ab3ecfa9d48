package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static lodestar.testing.Users.GONE;
import static lodestar.testing.Users.ROBOT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code /cx leaders} and {@code /cx admins}: admins name active people to each role; when Slack cannot tell
 * a caller's role, an admin is asked to try again rather than refused.
 */
class CxRolesTest extends CxFixture {
    @Test
    void noLeadersYet_saysHowToAddThem() {
        assertThat(cx("leaders", ALICE).text()).contains("No leaders yet", "/cx leaders add");
    }

    @Test
    void adminAddsLeaders_andAnyoneCanListThem() {
        cx("leaders add <@" + ALICE + "|alice> <@" + BOB + ">", ADMIN);

        assertThat(answer()).contains("Added <@" + ALICE + ">, <@" + BOB + ">");
        assertThat(cx("leaders", CAROL).text()).contains("<@" + ALICE + ">", "<@" + BOB + ">");
    }

    @Test
    void botOrDeactivatedUser_isRefused() {
        cx("leaders add <@" + ALICE + "> <@" + ROBOT + ">", ADMIN);
        assertThat(answer()).contains("is a bot or deactivated", "nothing changed");
        harness.slack().reset();

        cx("leaders add <@" + GONE + ">", ADMIN);
        assertThat(answer()).contains("is a bot or deactivated");

        assertThat(settings().leaders()).isEmpty();
    }

    @Test
    void plainNames_areExplained() {
        assertThat(cx("leaders add alice", ADMIN).text()).contains("Mention the people with @");
        assertThat(settings().leaders()).isEmpty();
    }

    @Test
    void adminRemovesLeader() {
        cx("leaders add <@" + ALICE + "> <@" + BOB + ">", ADMIN);
        harness.slack().reset();

        cx("leaders remove <@" + ALICE + ">", ADMIN);

        assertThat(answer()).contains("Removed <@" + ALICE + ">");
        assertThat(settings().leaders()).containsExactly(BOB);
    }

    @Test
    void removingSomeoneWhoIsNoLeader_isExplained() {
        cx("leaders remove <@" + CAROL + ">", ADMIN);

        assertThat(answer()).contains("<@" + CAROL + "> is not one of the leaders");
    }

    @Test
    void memberCannotAddLeaders() {
        cx("leaders add <@" + BOB + ">", ALICE);

        assertThat(answer()).contains("Only workspace admins");
        assertThat(settings().leaders()).isEmpty();
    }

    @Test
    void leadersAddWithNobody_isExplained_andNothingStored() {
        var reply = cx("leaders add", ADMIN);

        assertThat(reply.text()).contains("Mention the people with @", "/cx leaders add @alice");
        assertThat(settings().leaders()).isEmpty();
    }

    @Test
    void adminAddsAndRemovesLodestarAdmins() {
        cx("admins add <@" + BOB + ">", ADMIN);
        assertThat(answer()).contains("Added <@" + BOB + ">");
        assertThat(cx("admins", ALICE).text()).contains("<@" + BOB + ">");
        harness.slack().reset();

        cx("admins remove <@" + BOB + ">", ADMIN);

        assertThat(answer()).contains("Removed <@" + BOB + ">");
        assertThat(settings().admins()).isEmpty();
    }

    @Test
    void memberCannotMakeThemselvesAdmin() {
        cx("admins add <@" + CAROL + ">", CAROL);

        assertThat(answer()).contains("Only workspace admins");
        assertThat(settings().admins()).isEmpty();
    }

    private static final String NEW_ADMIN = "U0NEWADMIN";

    /** More failures than a lookup's retries: a single one is retried and passes unnoticed. */
    private void slackDoesNotAnswerUsersInfo() {
        for (int i = 0; i < 10; i++) {
            harness.slack().failNext("users.info", 500, java.util.Map.of(), "{}");
        }
    }

    @Test
    void adminIsToldToTryAgain_notRefused_andNothingChanges() {
        harness.slack().addUser(NEW_ADMIN, u -> u.put("is_admin", true));
        slackDoesNotAnswerUsersInfo();

        cx("mission Customers first, always.", NEW_ADMIN);

        assertThat(answer())
                .contains("I couldn't check your role with Slack just now; nothing changed", "try again")
                .doesNotContain("Only workspace admins");
        assertThat(settings().mission()).isEmpty();
    }

    @Test
    void onceSlackAnswers_theAdminMayChangeSettings() {
        harness.slack().addUser(NEW_ADMIN, u -> u.put("is_admin", true));
        slackDoesNotAnswerUsersInfo();
        cx("leaders add <@U0ALICE>", NEW_ADMIN);
        assertThat(answer()).contains("I couldn't check your role");
        harness.slack().reset();
        harness.slack().addUser(NEW_ADMIN, u -> u.put("is_admin", true));

        cx("leaders add <@U0ALICE>", NEW_ADMIN);

        assertThat(answer()).contains("Added <@U0ALICE>");
    }

    @Test
    void memberStillGetsTheRefusal_whenSlackAnswers() {
        cx("mission Mine now", BOB);

        assertThat(answer()).contains("Only workspace admins");
    }
}
