package lodestar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, from Debian's {@code chromium} and {@code chromium-driver} packages (or
 * {@code LODESTAR_CHROMIUM} and {@code LODESTAR_CHROMEDRIVER}). Without them the browser tests are skipped, unless
 * {@code LODESTAR_BROWSER_TESTS=required} (as {@code .ci/run} sets): then they fail, so that CI never skips them.
 */
public final class Browser implements AutoCloseable {
    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    private final ChromeDriver driver;
    private final Path downloads;

    private Browser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    public static Browser start() {
        var chromium = Path.of(System.getenv().getOrDefault("LODESTAR_CHROMIUM", "/usr/bin/chromium"));
        var chromedriver = Path.of(System.getenv().getOrDefault("LODESTAR_CHROMEDRIVER", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        if (!present) {
            String missing = "Chromium (" + chromium + ") or ChromeDriver (" + chromedriver + ") is not installed:"
                    + " apt-get install chromium chromium-driver";
            if ("required".equals(System.getenv("LODESTAR_BROWSER_TESTS"))) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing + "; the browser tests are skipped");
        }
        try {
            var downloads = Files.createTempDirectory("lodestar-downloads");
            var options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + Files.createTempDirectory("lodestar-chromium"));
            Map<String, Object> prefs = new HashMap<>();
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
            options.setExperimentalOption("prefs", prefs);
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort()
                    .build();
            var driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().window().setSize(new Dimension(1280, 900));
            return new Browser(driver, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Clicks what leads to another page, and returns once that page has replaced this one and loaded: a click
     * returns as soon as the browser has it, and the next look at the page could otherwise still see the old one.
     */
    public void clickToNavigate(By what) {
        var page = driver.findElement(By.tagName("html"));
        driver.findElement(what).click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                // while the old page goes, Chrome may answer a look at it with a generic error ("Node with given id
                // does not belong to the document") rather than a stale element: look again
                .ignoring(WebDriverException.class)
                .until(ExpectedConditions.and(
                        ExpectedConditions.stalenessOf(page),
                        d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState"))));
    }

    /** Like a phone held upright. */
    public void phoneWidth() {
        driver.manage().window().setSize(new Dimension(375, 812));
    }

    /** Whether the page is wider than the window (something a phone would have to scroll sideways to read). */
    public boolean scrollsSideways() {
        return (Boolean) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
    }

    /** The serious and critical accessibility violations axe-core finds on the current page, by rule id. */
    @SuppressWarnings("unchecked")
    public List<String> seriousAccessibilityViolations() {
        String axe;
        try (var script = Browser.class.getResourceAsStream(AXE)) {
            axe = new String(Objects.requireNonNull(script, AXE).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var js = (JavascriptExecutor) driver;
        js.executeScript(axe);
        var violations =
                (List<Map<String, Object>>) js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "axe.run(document).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact}))));");
        return violations.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact")))
                .map(v -> String.valueOf(v.get("id")))
                .toList();
    }

    /**
     * The file the browser downloaded, once it is complete: not one of Chromium's partial files, not empty, and the
     * same size on two looks 200 ms apart.
     */
    public Path downloaded(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        long lastSize = -1;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(downloads)) {
                var done = files.filter(f -> {
                            String name = f.getFileName().toString();
                            return !name.startsWith(".") && !name.endsWith(".crdownload") && !name.endsWith(".tmp");
                        })
                        .findFirst();
                if (done.isPresent()) {
                    long size = Files.size(done.get());
                    if (size > 0 && size == lastSize) {
                        return done.get();
                    }
                    lastSize = size;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Nothing complete was downloaded to " + downloads + " within " + within);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
