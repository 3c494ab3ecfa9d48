package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lodestar.secret.ServerSecret;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Counting the dashboards ahead: when it runs, and for which workspaces. */
class DashboardWarmerTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    private static Sessions sessions() {
        return new Sessions(
                TestDatabase.get().database().dsl(), ServerSecret.of(Harness.SERVER_SECRET), harness.clock());
    }

    @Test
    void itRuns_aFewMinutesAfterEachMidnight() {
        assertThat(Warmer.untilNextRun(Instant.parse("2026-11-30T17:00:00Z"))).isEqualTo(Duration.ofMinutes(425));
        assertThat(Warmer.untilNextRun(Instant.parse("2026-12-01T00:03:00Z"))).isEqualTo(Duration.ofMinutes(2));
        assertThat(Warmer.untilNextRun(Instant.parse("2026-12-01T00:05:00Z"))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void itCountsTheWorkspacesSomeoneIsSignedInTo_andAFailureStopsNothing() throws Exception {
        harness.send().command("/cx", "mission Serve", ADMIN);
        List<String> warmed = new ArrayList<>();
        new Warmer(sessions(), warmed::add, harness.clock()).warm();
        assertThat(warmed).as("nobody signed in").isEmpty();

        browser.signIn(ADMIN);
        new Warmer(sessions(), warmed::add, harness.clock()).warm();

        assertThat(warmed).containsExactly(FakeSlack.TEAM);
        assertThatCode(() -> new Warmer(
                                sessions(),
                                team -> {
                                    throw new IllegalStateException("the database stopped");
                                },
                                harness.clock())
                        .warm())
                .doesNotThrowAnyException();
    }
}
