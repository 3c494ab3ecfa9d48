package lodestar.dashboard;

import static lodestar.db.schema.Tables.KUDOS;
import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static lodestar.testing.Users.CAROL;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import lodestar.testing.Harness;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recognition page over HTTP: the digest's figures week by week, values month by month, the latest kudos as text
 * with their link into Slack, the chart; for leaders and admins only.
 */
class DashboardRecognitionTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private static final DashboardClient browser = new DashboardClient(harness);

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        return browser.get(path, cookie);
    }

    /** The page's HTML with each run of whitespace made one space, so that a table row reads on one line. */
    static String flat(HttpResponse<String> page) {
        return page.body().replaceAll("\\s+", " ").replace("> <", "><");
    }

    @BeforeEach
    void theWorkspaceIsKnown() {
        harness.send().command("/cx", "mission Serve our customers", ADMIN);
    }

    private static void kudos(String giver, String text) {
        assertThat(harness.send().command("/kudos", text, giver).status()).isEqualTo(200);
    }

    private static long lastKudos() {
        return harness.app()
                .database()
                .dsl()
                .fetchValue(DSL.select(DSL.max(KUDOS.ID)).from(KUDOS));
    }

    @Test
    void aLeader_seesTheWeeksFigures_theValuesPerMonth_andTheLatestKudosWithItsLink() throws Exception {
        harness.send().command("/cx", "leaders add <@" + ALICE + ">", ADMIN);
        harness.clock().set(Harness.START.minus(Duration.ofDays(30)));
        kudos(BOB, "<@" + CAROL + "|carol> #ownership Walked Globex through the migration");
        harness.clock().set(Harness.START);
        kudos(ALICE, "<@" + BOB + "|bob> <@" + CAROL + "|carol> #customer-first #ownership Fixed Acme's export");
        long newest = lastKudos();
        kudos(BOB, "<@" + ALICE + "|alice> #empathy Listened to the whole story first");
        harness.send().command("/kudos", "remove " + lastKudos(), ADMIN);
        harness.clock().advance(Duration.ofMinutes(1));
        var post = harness.app()
                .database()
                .dsl()
                .select(KUDOS.POST_CHANNEL_ID, KUDOS.POST_TS)
                .from(KUDOS)
                .where(KUDOS.ID.eq(newest))
                .fetchSingle();

        var page = get("/dashboard/recognition?weeks=12", browser.signIn(ADMIN));

        assertThat(page.statusCode()).isEqualTo(200);
        String html = flat(page);
        // 7 active members; Alice, the one leader, thanked Bob and Carol this week; the withdrawn kudos never counts.
        assertThat(html)
                .contains("<h1>Recognition</h1>", "aria-current=\"page\">Recognition</a>")
                .contains("<span class=\"figure\">2</span> kudos given in the period")
                .contains("<th scope=\"row\">17 Nov 2026 – 23 Nov 2026</th><td>1</td><td>14%</td><td>29%</td>"
                        + "<td>100%</td></tr>")
                .contains("<th scope=\"row\">20 Oct 2026 – 26 Oct 2026</th><td>1</td><td>14%</td><td>14%</td>"
                        + "<td>0%</td></tr>")
                .contains("<th scope=\"row\">10 Nov 2026 – 16 Nov 2026</th><td>0</td><td>0%</td><td>0%</td>"
                        + "<td>0%</td></tr>")
                .contains("<th scope=\"col\">Sep 2026</th>"
                        + "<th scope=\"col\">Oct 2026</th><th scope=\"col\">Nov 2026</th><th scope=\"col\">In all</th>")
                .contains("<tr><th scope=\"row\">#ownership</th><td>0</td><td>1</td><td>1</td><td>2</td>")
                .contains("<tr><th scope=\"row\">#customer-first</th><td>0</td><td>0</td><td>1</td><td>1</td>")
                .doesNotContain("#empathy", "whole story")
                .contains("<a href=\"/dashboard/export/kudos.csv?weeks=12\" download>");
        assertThat(html.indexOf("Fixed Acme"))
                .as("newest first")
                .isPositive()
                .isLessThan(html.indexOf("Walked Globex"));
        assertThat(html)
                .contains("<strong>" + ALICE + "</strong> thanked " + BOB + ", " + CAROL
                        + " for #customer-first #ownership")
                .contains("<a href=\"https://slack.com/archives/" + post.value1() + "/p"
                        + post.value2().replace(".", "") + "\">Kudos #" + newest + " in Slack</a>");
    }

    @Test
    void aReasonWithMarkupOrABroadcast_isShownAsText() throws Exception {
        // What Slack sends when someone types <script>alert(1)</script> and @channel: the text escaped, the mention a
        // token.
        kudos(ALICE, "<@" + BOB + "|bob> #ownership &lt;script&gt;alert(1)&lt;/script&gt; & <!channel> fixed it");
        harness.clock().advance(Duration.ofMinutes(1));

        var page = get("/dashboard/recognition", browser.signIn(ADMIN));

        assertThat(page.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; @\u2060channel fixed it")
                .doesNotContain("<script", "<!channel>");
    }

    @Test
    void aMember_isRefused_andSomeoneSignedOut_isSentToSignIn() throws Exception {
        var refused = get("/dashboard/recognition", browser.signIn(BOB));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("For leaders and admins").doesNotContain("kudos given in the period");
        assertThat(get("/dashboard/charts/recognition.svg", browser.signIn(BOB)).statusCode())
                .isEqualTo(403);
        var signedOut = get("/dashboard/recognition", null);
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location")).hasValue("/dashboard/signin");
    }

    @Test
    void aPeriodThatIsNoNumber_isTwelveWeeks() throws Exception {
        var page = get("/dashboard/recognition?weeks=abc", browser.signIn(ADMIN));

        assertThat(page.statusCode()).isEqualTo(200);
        String html = flat(page);
        assertThat(html)
                .contains("Week by week, the last 12 weeks", "<option value=\"12\" selected>")
                .contains("/dashboard/charts/recognition.svg?weeks=12")
                .contains("No kudos named a value in the period.", "No kudos in the period.");
        assertThat(html.split("<th scope=\"row\">", -1)).as("a row per week").hasSize(12 + 1);
    }

    @Test
    void theChart_isAnSvgOfThePeriodAsked() throws Exception {
        kudos(ALICE, "<@" + BOB + "|bob> #ownership Fixed Acme's export");
        harness.clock().advance(Duration.ofMinutes(1));

        var chart = get("/dashboard/charts/recognition.svg?weeks=52", browser.signIn(ADMIN));

        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(chart.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(chart.body()).contains("<svg", "width='900.0'", "<path").doesNotContain("<script");
    }
}
