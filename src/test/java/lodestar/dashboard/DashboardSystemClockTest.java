package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard on the system clock, as in production (nanoseconds, never a whole second): this week's kudos show on
 * the overview as in {@code /cx digest}, and in the week-by-week row of today.
 */
class DashboardSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClockWithSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    @Test
    void thisWeeksKudos_showAsInTheDigest_andInTodaysWeek() throws Exception {
        harness.send().command("/kudos", "<@" + BOB + "|bob> #customer-first called the customer back", ALICE);
        harness.slack().reset();
        harness.send().command("/cx", "digest", ADMIN);
        String digest = FakeSlack.allText(harness.slack().only("response_url").params());
        String admin = browser.signIn(ADMIN);

        var now = Instant.now();
        var body = browser.get("/dashboard", admin).body();

        assertThat(digest).contains("Kudos given *1*");
        assertThat(body).contains("<tr><th scope=\"row\">Kudos</th><td>1</td></tr>");
        var end = Access.periodEnd(now);
        String today = "<th scope=\"row\">" + Pages.week(end.minus(java.time.Duration.ofDays(7)), end) + "</th>";
        assertThat(body).contains(today);
        String row = body.substring(body.indexOf(today), body.indexOf("</tr>", body.indexOf(today)));
        assertThat(row).matches("(?s).*</th><td>[^<]*</td><td>1</td>.*");
    }
}
