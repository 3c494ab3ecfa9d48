package lodestar.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import lodestar.slack.SlackUsers;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Settings are kept per instance for {@link KnownSettings#KEPT}: a change made through one instance is seen by it at
 * once, and by another instance (its own cache, on the same database) within that time. On the system clock.
 */
class KnownSettingsTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClock();

    @Test
    void aChangeIsSeenAtOnceHere_andWithinTheKeptTimeByAnotherInstance() throws InterruptedException {
        var here = harness.app().workspace().service();
        var admin = new Actor(FakeSlack.TEAM, null, Users.ADMIN);
        // a Lodestar admin in the database: the other instance, without Slack, knows it may change settings
        assertThat(here.addToRole(admin, Role.ADMIN, List.of(Users.ADMIN))).isEqualTo(new Change.Applied());
        var there = new WorkspaceService(harness.app().database().dsl(), SlackUsers.offline(), Clock.systemUTC());

        assertThat(here.setMission(admin, "First")).isEqualTo(new Change.Applied());
        assertThat(here.settings(FakeSlack.TEAM, null).mission())
                .as("here, at once")
                .contains("First");
        assertThat(there.settings(FakeSlack.TEAM, null).mission()).contains("First");

        assertThat(there.setMission(admin, "Second")).isEqualTo(new Change.Applied());
        long changed = System.nanoTime();
        while (!here.settings(FakeSlack.TEAM, null).mission().orElseThrow().equals("Second")) {
            assertThat(Duration.ofNanos(System.nanoTime() - changed))
                    .as("seen by the other instance within the time settings are kept")
                    .isLessThan(KnownSettings.KEPT.plusMillis(500));
            Thread.sleep(20);
        }
        assertThat(there.settings(FakeSlack.TEAM, null).mission())
                .as("there, at once")
                .contains("Second");
    }
}
