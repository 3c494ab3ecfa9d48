package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import lodestar.testing.Harness;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kudos ledger as CSV: what a spreadsheet opens, formulas shown as text, and only for leaders and admins. */
class DashboardExportTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        return browser.get(path, cookie);
    }

    private static String signIn(String user) throws Exception {
        return browser.signIn(user);
    }

    @Test
    void theKudosLedger_opensAsOneRowPerKudos_withItsValuesAndLink_andAFormulaShowsAsText() throws Exception {
        harness.send().command("/kudos", "<@" + BOB + "|bob> #customer-first =HYPERLINK(\"http://evil\")", ALICE);
        harness.send()
                .command(
                        "/kudos", "<@" + ALICE + "|alice> <@" + BOB + "|bob> #ownership fixed the export, café", ADMIN);
        harness.clock().advance(Duration.ofMinutes(1));
        String session = signIn(ADMIN);

        var csv = get("/dashboard/export/kudos.csv?weeks=4", session);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/csv").contains("utf-8"));
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment; filename=\"lodestar-kudos-"));
        var records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv.body()))
                .getRecords();
        assertThat(records).hasSize(2);
        CSVRecord formula = records.get(0);
        assertThat(formula.get("reason")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(formula.get("giver")).isEqualTo(ALICE);
        assertThat(formula.get("values")).isEqualTo("#customer-first");
        assertThat(formula.get("link")).startsWith("https://slack.com/archives/");
        CSVRecord second = records.get(1);
        assertThat(second.get("recipients")).contains(ALICE, BOB);
        assertThat(second.get("reason")).contains("fixed the export, café");
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactlyElementsOf(CsvExport.KUDOS_HEADER);
    }

    @Test
    void theTrendChart_isAnSvgOfThePeriodAsked_forLeadersOnly() throws Exception {
        harness.send().command("/cx", "mission Serve", ADMIN);
        String admin = signIn(ADMIN);

        var chart = get("/dashboard/charts/index.svg?weeks=26", admin);

        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        // XChart draws its text as outlines: the page's table beside the chart carries the same figures as text.
        assertThat(chart.body()).contains("<svg", "width='900.0'", "<path").doesNotContain("<script");
        assertThat(get("/dashboard/charts/index.svg", signIn(ALICE)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aMember_getsNoExport() throws Exception {
        harness.send().command("/cx", "mission Serve", ADMIN);
        String session = signIn(ALICE);

        var csv = get("/dashboard/export/kudos.csv", session);

        assertThat(csv.statusCode()).isEqualTo(403);
        assertThat(csv.body())
                .contains("for the workspace's leaders and admins")
                .doesNotContain("given at");
        assertThat(get("/dashboard/pulse", session).statusCode()).isEqualTo(403);
        assertThat(get("/dashboard/export/pulse.csv", session).statusCode()).isEqualTo(403);
    }

    @Test
    void cellsThatASpreadsheetWouldTakeForAFormula_areQuoted_othersAreLeftAlone() {
        assertThat(CsvExport.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvExport.cell("+44 20")).isEqualTo("'+44 20");
        assertThat(CsvExport.cell("-1")).isEqualTo("'-1");
        assertThat(CsvExport.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvExport.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvExport.cell("Thanks = great")).isEqualTo("Thanks = great");
        assertThat(CsvExport.cell("")).isEmpty();
    }
}
