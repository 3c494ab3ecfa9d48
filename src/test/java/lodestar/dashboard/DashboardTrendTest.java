package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import lodestar.digest.Figures;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import lodestar.testing.PulseSeeds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The overview's week by week: weeks in whole days, a week once past counted once and kept, and counted again when one
 * of its kudos is withdrawn or the leaders change, so that what is kept never shows a figure that is no longer true.
 */
class DashboardTrendTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    @Test
    void aPastWeek_isCountedAgain_whenOneOfItsKudosIsWithdrawn_orTheLeadersChange() throws Exception {
        harness.send().command("/kudos", "<@" + BOB + "|bob> #customer-first called the customer back", ALICE);
        harness.send().command("/kudos", "<@" + CAROL + "|carol> #customer-first stayed late for Acme", ALICE);
        var given = harness.clock().instant();
        harness.clock().advance(Duration.ofDays(8));
        String admin = browser.signIn(ADMIN);

        assertThat(cells(given, admin)).containsSubsequence("2", "—");
        assertThat(cells(given, admin)).as("the kept week").containsSubsequence("2", "—");
        assertThat(valueCells(admin)).as("Sep, Oct, Nov, Dec, in all").containsExactly("0", "0", "2", "0", "2");

        harness.send().command("/kudos", "remove 1", ADMIN);
        assertThat(cells(given, admin)).as("a kudos withdrawn").element(1).isEqualTo("1");
        assertThat(valueCells(admin)).as("a kudos withdrawn").containsExactly("0", "0", "1", "0", "1");

        harness.send().command("/cx", "leaders add <@" + ALICE + "|alice>", ADMIN);
        assertThat(cells(given, admin))
                .as("Alice, who gave, is now a leader")
                .element(3)
                .isEqualTo("100%");
    }

    @Test
    void theWeeks_runFromMidnightToMidnight_theLastIncludingToday() throws Exception {
        harness.send().command("/kudos", "<@" + BOB + "|bob> #customer-first called the customer back", ALICE);
        String admin = browser.signIn(ADMIN);

        var now = harness.clock().instant();
        var body = browser.get("/dashboard?weeks=4", admin).body();

        var end = Access.periodEnd(now);
        assertThat(end).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(body).contains("<th scope=\"row\">17 Nov 2026 – 23 Nov 2026</th>");
        assertThat(cells(now, admin).get(1)).isEqualTo("1");
    }

    @Test
    void theChart_hasThePulseFiguresOfItsOldestWeeks_asTheTableHas_howeverManySurveysRanSince() {
        // Six weekly surveys for 8 weeks: 48 runs, more than the latest 40 that a summary with no `since` reads.
        new PulseSeeds(harness).sixWeeklySurveysForEightWeeksBefore(Harness.START);
        harness.clock().set(Harness.START);
        var now = harness.clock().instant();
        var digests = harness.app().digest().service();

        // What /dashboard/charts/index.svg?weeks=12 draws, and the table under it.
        var chart = digests.trend(FakeSlack.TEAM, Access.periodEnd(now), 12);
        var table =
                digests.overview(FakeSlack.TEAM, now, Access.periodEnd(now), 12).trend();

        assertThat(table)
                .as("the 8 weeks since the first survey closed")
                .filteredOn(week -> week.enps().isPresent() && week.belief().isPresent())
                .hasSize(8);
        assertThat(chart)
                .extracting(Figures::enps)
                .isEqualTo(table.stream().map(Figures::enps).toList());
        assertThat(chart)
                .extracting(Figures::belief)
                .isEqualTo(table.stream().map(Figures::belief).toList());
        assertThat(chart)
                .extracting(week -> week.index().components())
                .isEqualTo(table.stream().map(week -> week.index().components()).toList());
    }

    /** The cells of the recognition page's row of #customer-first, month by month and in all. */
    private static List<String> valueCells(String session) throws Exception {
        String body =
                browser.get("/dashboard/recognition?weeks=12", session).body().replaceAll(">\\s+<", "><");
        String label = "<th scope=\"row\">#customer-first</th>";
        assertThat(body).contains(label);
        return tds(body.substring(body.indexOf(label), body.indexOf("</tr>", body.indexOf(label))));
    }

    private static List<String> tds(String row) {
        List<String> cells = new ArrayList<>();
        var cell = Pattern.compile("<td>(.*?)</td>").matcher(row);
        while (cell.find()) {
            cells.add(cell.group(1));
        }
        return cells;
    }

    /** The cells of the overview's week-by-week row for the week {@code at} falls in: index, kudos, giving, leaders. */
    private static List<String> cells(Instant at, String session) throws Exception {
        var end = Access.periodEnd(harness.clock().instant());
        var from = end.minus(Duration.ofDays(7));
        while (from.isAfter(at)) {
            from = from.minus(Duration.ofDays(7));
        }
        String label = "<th scope=\"row\">" + Pages.week(from, from.plus(Duration.ofDays(7))) + "</th>";
        String body = browser.get("/dashboard?weeks=4", session).body();
        assertThat(body).contains(label);
        return tds(body.substring(body.indexOf(label), body.indexOf("</tr>", body.indexOf(label))));
    }
}
