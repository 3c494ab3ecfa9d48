package lodestar.dashboard;

import static lodestar.dashboard.DashboardClient.rows;
import static lodestar.dashboard.DashboardClient.section;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import lodestar.testing.Harness;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customer voice page on the system clock, as in production (times with sub-second parts): what was posted a
 * moment ago is this week's, on the page and in the export.
 */
class DashboardVoiceSystemClockTest {
    @RegisterExtension
    static final Harness harness = Harness.systemClockWithSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);
    private static final QuoteSeeds quotes = new QuoteSeeds(harness);

    @Test
    void postsOfAMomentAgo_countInThisWeek_andTheCritiqueNobodyOwnsIsListed() throws Exception {
        var before = Instant.now();
        quotes.add(ALICE, "The new export saved my team a full day every month-end.", "praise");
        quotes.add(ALICE, "Cancelling took a phone call during business hours. Why?", "critique");
        var praise = quotes.post();
        quotes.react(praise, BOB, "heart");
        var critique = quotes.post();
        String admin = browser.signIn(ADMIN);

        var page = get("/dashboard/voice?weeks=4", admin);

        assertThat(page.statusCode()).isEqualTo(200);
        var weeks = rows(page.body(), "trend");
        assertThat(weeks).hasSize(4);
        assertThat(weeks.get(3)).endsWith("2", "1", "0.5", "1", "0", "0");
        assertThat(section(page.body(), "unowned"))
                .contains("Cancelling took a phone call")
                .contains("/p" + critique.ts().replace(".", "") + "\"");
        var csv = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(
                        get("/dashboard/export/quotes.csv", admin).body()))
                .getRecords();
        assertThat(csv).hasSize(2);
        assertThat(Instant.parse(csv.get(0).get("added at (UTC)"))).isBetween(before, Instant.now());
        assertThat(csv.get(0).get("reactions and replies")).isEqualTo("1");
    }

    private static java.net.http.HttpResponse<String> get(String path, String cookie) throws Exception {
        return browser.get(path, cookie);
    }
}
