package lodestar.dashboard;

import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import lodestar.testing.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recognition page on the system clock, as in production: its weeks are binned by the database from an end with
 * nanoseconds, which once made every week read as empty; the values and the latest kudos cover the same weeks.
 */
class DashboardRecognitionSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClockWithSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    @Test
    void kudosGivenJustNow_countInThisWeek_theirMonth_andTheLatest() throws Exception {
        harness.send().command("/cx", "leaders add <@" + ALICE + ">", ADMIN);
        assertThat(harness.send()
                        .command(
                                "/kudos",
                                "<@" + BOB + "|bob> <@" + CAROL + "|carol> #ownership Fixed Acme's export",
                                ALICE)
                        .status())
                .isEqualTo(200);
        var givenAt = harness.app()
                .database()
                .dsl()
                .select(KUDOS.GIVEN_AT)
                .from(KUDOS)
                .fetchSingle(KUDOS.GIVEN_AT);
        String month = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH)
                .format(givenAt.withOffsetSameInstant(ZoneOffset.UTC));

        var page = browser.get("/dashboard/recognition?weeks=4", browser.signIn(ADMIN));

        assertThat(page.statusCode()).isEqualTo(200);
        String html = DashboardRecognitionTest.flat(page);
        assertThat(html)
                .contains("<span class=\"figure\">1</span> kudos given in the period")
                .as("this week, the last: 7 active members, Alice the one leader")
                .contains("</th><td>1</td><td>14%</td><td>29%</td><td>100%</td></tr></tbody>")
                .contains("<th scope=\"col\">" + month + "</th>")
                .contains("<tr><th scope=\"row\">#ownership</th>")
                .contains("Fixed Acme's export", "\">Kudos #");
    }
}
