package lodestar.dashboard;

import static lodestar.testing.Users.ADMIN;
import static lodestar.testing.Users.ALICE;
import static lodestar.testing.Users.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import lodestar.testing.Browser;
import lodestar.testing.FakeSlack;
import lodestar.testing.Harness;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** The dashboard in headless Chromium: signing in through a fake Slack, reading, exporting, at phone width. */
class DashboardBrowserTest {
    @RegisterExtension
    static final Harness harness = Harness.withSignIn();

    private Browser browser;

    @BeforeEach
    void openTheBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String dashboard() {
        return "http://localhost:" + harness.app().port() + "/dashboard";
    }

    @Test
    void aLeaderSignsInThroughSlack_readsTheOverview_downloadsTheKudosLedger_andReadsRecognition() throws Exception {
        harness.send().command("/kudos", "<@" + BOB + "|bob> #customer-first =SUM(1+1) stayed on the call", ALICE);
        harness.clock().advance(Duration.ofMinutes(1));
        harness.slack().signInAs(FakeSlack.TEAM, ADMIN, "Ada Admin");
        var driver = browser.driver();

        driver.get(dashboard());

        assertThat(driver.getCurrentUrl()).isEqualTo(dashboard());
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("CX culture overview");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Signed in as Ada Admin");
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
        var chart = driver.findElement(By.cssSelector("img.chart"));
        assertThat(((Number) driver.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", chart))
                        .intValue())
                .as("the chart was drawn")
                .isEqualTo(900);
        assertThat(driver.findElements(By.cssSelector("section[aria-labelledby=trend] tbody tr")))
                .hasSize(12);

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("weeks"))).selectByValue("26");
        browser.clickToNavigate(By.cssSelector("form.period button"));

        assertThat(driver.getCurrentUrl()).endsWith("/dashboard?weeks=26");
        // -Dlodestar.screenshot=docs/dashboard.png keeps what the page looks like, for the README.
        var screenshot = System.getProperty("lodestar.screenshot");
        if (screenshot != null) {
            Files.write(
                    java.nio.file.Path.of(screenshot), driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        }
        assertThat(driver.findElements(By.cssSelector("section[aria-labelledby=trend] tbody tr")))
                .hasSize(26);

        driver.findElement(By.partialLinkText("kudos ledger")).click();
        var csv = browser.downloaded(Duration.ofSeconds(20));
        var records = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(Files.newBufferedReader(csv, StandardCharsets.UTF_8))
                .getRecords();
        assertThat(records).singleElement().satisfies(kudos -> {
            assertThat(kudos.get("reason")).isEqualTo("'=SUM(1+1) stayed on the call");
            assertThat(kudos.get("values")).isEqualTo("#customer-first");
        });

        browser.clickToNavigate(By.linkText("Recognition"));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Recognition");
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=latest]"))
                        .getText())
                .contains("=SUM(1+1) stayed on the call");
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
        var recognitionChart = driver.findElement(By.cssSelector("img.chart"));
        assertThat(((Number) driver.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", recognitionChart))
                        .intValue())
                .as("the recognition chart was drawn")
                .isEqualTo(900);
        browser.phoneWidth();
        assertThat(browser.scrollsSideways()).isFalse();
    }

    @Test
    void aLeaderSearchesTheQuoteLibrary_atPhoneWidth_withTheChartDrawn_andNothingSerious() {
        var quotes = new QuoteSeeds(harness);
        quotes.add(ALICE, "The new export saved my team a full day every month-end.", "praise");
        quotes.add(ALICE, "I had to explain my problem three times to three different people.", "critique");
        quotes.post();
        quotes.post();
        harness.clock().advance(Duration.ofMinutes(1));
        harness.slack().signInAs(FakeSlack.TEAM, ADMIN, "Ada Admin");
        browser.phoneWidth();
        var driver = browser.driver();

        driver.get(dashboard());
        browser.clickToNavigate(By.linkText("Customer voice"));
        driver.findElement(By.id("q")).sendKeys("three times");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("sentiment"))).selectByValue("critique");
        browser.clickToNavigate(By.cssSelector("form.search button"));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Customer voice");
        assertThat(driver.findElement(By.cssSelector("ul.quotes")).getText())
                .contains("three times")
                .doesNotContain("month-end");
        assertThat(driver.findElement(By.cssSelector("ul.unowned a")).getAttribute("href"))
                .startsWith("https://slack.com/archives/C0DAILY/p");
        var chart = driver.findElement(By.cssSelector("img.chart"));
        assertThat(((Number) driver.executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", chart))
                        .intValue())
                .as("the chart was drawn")
                .isEqualTo(900);
        assertThat(browser.scrollsSideways()).isFalse();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    void atPhoneWidth_nothingScrollsSideways_andAMemberSeesTheirOwnRecognition() {
        harness.send().command("/kudos", "<@" + ALICE + "|alice> #ownership fixed the export", BOB);
        harness.slack().signInAs(FakeSlack.TEAM, ALICE, "Alice");
        browser.phoneWidth();
        var driver = browser.driver();

        driver.get(dashboard());

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Your recognition");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("fixed the export");
        assertThat(browser.scrollsSideways()).isFalse();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();

        browser.clickToNavigate(By.cssSelector("header button"));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Signed out");
    }
}
