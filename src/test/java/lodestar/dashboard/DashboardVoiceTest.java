package lodestar.dashboard;

import static lodestar.dashboard.DashboardClient.rows;
import static lodestar.dashboard.DashboardClient.section;
import static lodestar.dashboard.QuoteSeeds.DAILY;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The customer voice page and the quotes CSV, over HTTP: the digest's figures week by week, critiques without an owner,
 * the library searched, texts shown as text, and only for leaders and admins.
 */
class DashboardVoiceTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);
    private static final QuoteSeeds quotes = new QuoteSeeds(harness);

    private static final String EXPORT = "The new export saved my team a full day every month-end.";
    private static final String THREE_TIMES = "I had to explain my problem three times to three different people.";
    private static final String PHISHING = "The invoice email looks like phishing; our staff keep deleting it.";

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        return browser.get(path, cookie);
    }

    /** A praise with a reaction and a reply, a critique owned and resolved, and one nobody owns; all posted now. */
    private static List<QuoteSeeds.Posted> aWeekOfCustomerVoice() {
        quotes.add(ALICE, EXPORT, "praise", Optional.of("Dana, finance manager"), Optional.of("a finance manager"));
        quotes.add(ALICE, THREE_TIMES, "critique");
        quotes.add(BOB, PHISHING, "critique");
        var praise = quotes.post();
        quotes.react(praise, ALICE, "clap");
        quotes.reply(praise, BOB, "1790000001.000100");
        var owned = quotes.post();
        quotes.own(owned, BOB);
        quotes.resolve(owned, BOB, "One case owner from the first call");
        var unowned = quotes.post();
        harness.clock().advance(Duration.ofMinutes(1));
        return List.of(praise, owned, unowned);
    }

    @Test
    void aLeader_seesTheDigestsWeeklyFigures_andTheCritiqueNobodyOwns_linkedToItsPost() throws Exception {
        var posted = aWeekOfCustomerVoice();
        String admin = browser.signIn(ADMIN);

        var page = get("/dashboard/voice?weeks=4", admin);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardFeature.POLICY);
        assertThat(page.body())
                .contains("<h1>Customer voice</h1>", "aria-current=\"page\">Customer voice</a>")
                .contains("src=\"/dashboard/charts/voice.svg?weeks=4\"", "alt=\"A line chart of quotes posted")
                .contains("href=\"/dashboard/export/quotes.csv\"");
        var weeks = rows(page.body(), "trend");
        assertThat(weeks).hasSize(4);
        // 3 posts; 1 reaction and 1 reply on the praise; 2 critiques posted, 1 owned, and that one resolved.
        assertThat(weeks.get(3)).endsWith("3", "2", "0.7", "2", "1", "1");
        assertThat(weeks.subList(0, 3)).allSatisfy(week -> assertThat(week).endsWith("0", "0", "—", "0", "0", "0"));
        var digest = harness.app()
                .digest()
                .service()
                .trend(FakeSlack.TEAM, Access.periodEnd(harness.clock().instant()), 4);
        var now = digest.get(3);
        assertThat(List.of(now.quotesPosted(), now.reactionsAndReplies(), now.critiquesPosted()))
                .as("the digest's own figures")
                .containsExactly(3, 2, 2);
        assertThat(weeks.get(3).get(0)).isEqualTo(Pages.week(now));
        var unowned = section(page.body(), "unowned");
        String ts = posted.get(2).ts();
        assertThat(unowned)
                .contains("looks like phishing")
                .contains("href=\"https://slack.com/archives/" + DAILY + "/p" + ts.replace(".", "") + "\"")
                .doesNotContain("three times");
    }

    @Test
    void theLibrary_isSearchedByWord_andBySentiment() throws Exception {
        aWeekOfCustomerVoice();
        String admin = browser.signIn(ADMIN);

        String byWord =
                section(get("/dashboard/voice?q=EXPORT+month-end", admin).body(), "library");
        String critiques =
                section(get("/dashboard/voice?sentiment=critique", admin).body(), "library");
        String neither = section(
                get("/dashboard/voice?q=phishing&sentiment=praise", admin).body(), "library");
        String all = section(get("/dashboard/voice", admin).body(), "library");

        assertThat(byWord)
                .contains("full day every month-end", "a finance manager (anonymised)")
                .doesNotContain("three times", "phishing", "Dana");
        assertThat(critiques)
                .contains("three times", "phishing", "Owned by " + BOB + ", resolved: One case owner")
                .contains("No owner yet", "<option value=\"critique\" selected>")
                .doesNotContain("month-end");
        assertThat(neither).contains("No active quote matches.").doesNotContain("looks like phishing");
        assertThat(all).contains("month-end", "three times", "phishing");
    }

    @Test
    void quoteTexts_areShownAsText_neverAsMarkupOrAMention() throws Exception {
        quotes.add(ALICE, "<script>alert(1)</script> Tell everyone <!channel> & @here", "critique");
        quotes.post();
        harness.clock().advance(Duration.ofMinutes(1));
        String admin = browser.signIn(ADMIN);

        var page = get("/dashboard/voice?q=" + URLEncoder.encode("<script>", StandardCharsets.UTF_8), admin);

        assertThat(section(page.body(), "library"))
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; Tell everyone &lt;!channel&gt; &amp; @\u2060here");
        assertThat(section(page.body(), "unowned")).contains("&lt;script&gt;alert(1)");
        assertThat(page.body()).doesNotContain("<script", "<!channel>", "&amp;lt;");
    }

    @Test
    void theQuotesCsv_hasEveryQuote_withItsEngagementAndOwner_andAFormulaAsText() throws Exception {
        aWeekOfCustomerVoice();
        quotes.add(CAROL, "=HYPERLINK(\"http://evil\")", "praise");
        quotes.add(CAROL, "Cancelling took a phone call during business hours. Why?", "critique");
        harness.send().command("/quote", "remove 5", CAROL);
        String admin = browser.signIn(ADMIN);

        var csv = get("/dashboard/export/quotes.csv", admin);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/csv").contains("utf-8"));
        assertThat(csv.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(d -> assertThat(d).startsWith("attachment; filename=\"lodestar-quotes-"));
        var records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(csv.body()))
                .getRecords();
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactlyElementsOf(CsvExport.QUOTES_HEADER);
        assertThat(records).extracting(r -> r.get("quote")).containsExactly("1", "2", "3", "4", "5");
        CSVRecord praise = records.get(0);
        assertThat(praise.get("text")).isEqualTo(EXPORT);
        assertThat(praise.get("author as shown")).isEqualTo("a finance manager");
        assertThat(praise.get("times posted")).isEqualTo("1");
        assertThat(praise.get("reactions and replies")).isEqualTo("2");
        CSVRecord owned = records.get(1);
        assertThat(owned.get("owner")).isEqualTo(BOB);
        assertThat(owned.get("owned at (UTC)")).isNotEmpty();
        assertThat(owned.get("resolved at (UTC)")).isNotEmpty();
        assertThat(owned.get("resolution")).isEqualTo("One case owner from the first call");
        assertThat(records.get(2).get("owner")).isEmpty();
        CSVRecord formula = records.get(3);
        assertThat(formula.get("text")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(formula.get("times posted")).isEqualTo("0");
        assertThat(formula.get("archived at (UTC)")).isEmpty();
        assertThat(records.get(4).get("archived at (UTC)")).isNotEmpty();
    }

    @Test
    void theChart_isAnSvgOfThePeriod_evenWhenNothingWasPosted() throws Exception {
        harness.send().command("/cx", "mission Serve", ADMIN);
        String admin = browser.signIn(ADMIN);
        var empty = get("/dashboard/charts/voice.svg?weeks=52", admin);
        aWeekOfCustomerVoice();

        var chart = get("/dashboard/charts/voice.svg?weeks=8", admin);

        for (var svg : List.of(empty, chart)) {
            assertThat(svg.statusCode()).isEqualTo(200);
            assertThat(svg.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
            assertThat(svg.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'none'; style-src 'unsafe-inline'");
            assertThat(svg.body()).contains("<svg", "width='900.0'", "<path").doesNotContain("<script");
        }
    }

    static Stream<Arguments> badSearches() {
        return Stream.of(
                Arguments.of("q=" + "a".repeat(201), "Search for at most 200 characters"),
                Arguments.of(
                        "q=one+two+three+four+five+six+seven+eight+nine+ten+eleven", "Search for at most 10 words"),
                Arguments.of("q=" + "x".repeat(3_000) + "&sentiment=nonsense", "Search for at most 200 characters"),
                Arguments.of("sentiment=%3Cb%3Eboth%3C%2Fb%3E", "Choose praise or critique"),
                Arguments.of("q=%00phishing%01&sentiment=critique", null),
                Arguments.of("q=100%25+_+%5C&weeks=abc", null),
                Arguments.of("q=%ED%A0%80&weeks=999999999999", null));
    }

    @ParameterizedTest
    @MethodSource("badSearches")
    void aSearchThatCannotBeDone_saysWhy_orIsDoneSensibly_neverAnError(String query, String problem) throws Exception {
        quotes.add(ALICE, PHISHING, "critique");
        String admin = browser.signIn(ADMIN);

        var page = get("/dashboard/voice?" + query, admin);

        assertThat(page.statusCode()).isEqualTo(200);
        String library = section(page.body(), "library");
        if (problem == null) {
            assertThat(library).doesNotContain("role=\"alert\"");
        } else {
            assertThat(library).contains("role=\"alert\">" + problem).contains("phishing");
        }
        assertThat(page.body()).doesNotContain("<b>", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }

    @Test
    void aMember_isRefused_andSomeoneSignedOut_isSentToSignIn() throws Exception {
        quotes.add(ALICE, PHISHING, "critique");
        String member = browser.signIn(ALICE);

        for (String path : List.of("/dashboard/voice", "/dashboard/charts/voice.svg", "/dashboard/export/quotes.csv")) {
            var refused = get(path, member);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body())
                    .contains("for the workspace's leaders and admins")
                    .doesNotContain("phishing");
            var unsigned = get(path, null);
            assertThat(unsigned.statusCode()).as(path).isEqualTo(302);
            assertThat(unsigned.headers().firstValue("Location")).hasValue("/dashboard/signin");
        }
    }
}
