package lodestar.workspace;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recognition settings of {@code /cx}: the kudos channel, the allowance and the leaderboard, set by admins. */
class CxRecognitionSettingsTest extends CxFixture {
    @Test
    void defaults_areShown() {
        assertThat(cx("channel", ALICE).text())
                .contains("the channel where /kudos is used", "5 per week", "leaderboard in `/kudos top` is on");
    }

    @Test
    void adminSetsTheKudosChannel() {
        cx("channel kudos <#C0KUDOS|kudos>", ADMIN);

        assertThat(answer()).contains("Kudos will be posted in <#C0KUDOS>");
        assertThat(settings().kudosChannel()).contains("C0KUDOS");
    }

    @Test
    void kudosChannelWithoutAChannel_isExplained() {
        assertThat(cx("channel kudos recognition", ADMIN).text()).contains("Name one channel with #");
        assertThat(cx("channel random <#C1>", ADMIN).text())
                .contains("/cx channel kudos #recognition", "/cx channel digest");
        assertThat(settings().kudosChannel()).isEmpty();
    }

    @Test
    void adminSetsTheAllowance() {
        cx("allowance 3 per day", ADMIN);

        assertThat(answer()).contains("3 per day");
        assertThat(settings().allowance()).isEqualTo(new Allowance(3, Allowance.Period.DAY));
    }

    @Test
    void badAllowance_isRefusedWithTheRange() {
        assertThat(cx("allowance 0 per week", ADMIN).text()).contains("from 1 to 100");
        assertThat(cx("allowance 5 per month", ADMIN).text()).contains("per day or week");
        assertThat(cx("allowance lots", ADMIN).text()).contains("/cx allowance 5 per week");
        assertThat(settings().allowance()).isEqualTo(Allowance.DEFAULT);
    }

    @Test
    void adminTurnsTheLeaderboardOffAndOn() {
        cx("leaderboard off", ADMIN);
        assertThat(answer()).contains("Leaderboard off");
        assertThat(settings().leaderboard()).isFalse();
        harness.slack().reset();

        cx("leaderboard on", ADMIN);
        assertThat(settings().leaderboard()).isTrue();
    }

    @Test
    void memberCannotChangeRecognitionSettings() {
        cx("allowance 50 per day", ALICE);
        assertThat(answer()).contains("Only workspace admins");
        harness.slack().reset();
        cx("leaderboard off", ALICE);
        harness.slack().reset();
        cx("channel kudos <#C0MINE>", ALICE);

        assertThat(settings().allowance()).isEqualTo(Allowance.DEFAULT);
        assertThat(settings().leaderboard()).isTrue();
        assertThat(settings().kudosChannel()).isEmpty();
    }

    @Test
    void leaderboardNeedsOnOrOff() {
        assertThat(cx("leaderboard maybe", ADMIN).text()).contains("/cx leaderboard on");
    }
}
