package io.weir.scenarios.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testing.Browser;
import io.weir.ui.HumanFormat;
import io.weir.testing.WeirProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;

/**
 * The packaged app from an empty data directory, on embedded defaults (no weir.demo.enabled set):
 * the overview links the scenarios; an operator starts them from their pages and sees live
 * figures, the peak scenario's shipped alert fires and resolves, and a viewer sees the pages
 * read-only. The burst is scaled down to 4,000 orders at 150/s. Screenshots in target/screenshots.
 */
class ScenarioPagesIT {

    private static final String PASSWORD = "scenario-pages-password";
    private static final String VIEWER_HASH = "$2a$10$ep/LdMKBTtJ2XvVeTblgNuZSj31hIDn.F97O3ec.k82g7v9C9PlNm";
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final Pattern MEAN = Pattern.compile("(\\d+) ms mean");
    /** The burst, scaled down; -Dit.peak.burst=100000 -Dit.peak.drain-rate=1000 runs the article's size. */
    private static final int BURST = Integer.getInteger("it.peak.burst", 4000);
    private static final int DRAIN_RATE = Integer.getInteger("it.peak.drain-rate", 150);
    private static final Duration DRAIN = Duration.ofSeconds(BURST / DRAIN_RATE + 60);

    @TempDir
    Path dir;

    @Test
    void operatorStartsScenariosFromTheirPagesAndSeesLiveFiguresAndTheAlertFireAndResolve() throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_ALERTING_RULES_DIR", Path.of("alert-rules").toAbsolutePath().toString(),
                "WEIR_ALERTING_EVALUATION_INTERVAL", "1s",
                "WEIR_SOURCES_BUILTIN_KIND", "builtin", "WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s",
                "WEIR_DEMO_PEAK_BURST", Integer.toString(BURST), "WEIR_DEMO_PEAK_DRAIN_RATE", Integer.toString(DRAIN_RATE),
                "WEIR_USERS_VERA_PASSWORD_HASH", VIEWER_HASH, "WEIR_USERS_VERA_ROLE", "viewer"));
                Browser browser = new Browser()) {
            browser.signIn(weir.baseUrl(), "admin", PASSWORD);
            WebDriver driver = browser.driver();
            // Tall enough that a screenshot shows a whole scenario page: figures and charts.
            driver.manage().window().setSize(new Dimension(1400, 2200));
            browser.await("the welcome card", WAIT, d -> !d.findElements(By.id("scenarios-welcome")).isEmpty());
            browser.screenshot("scenarios-welcome");
            driver.findElement(By.linkText("Asynchronous processing")).click();
            browser.await("the async page", WAIT, d -> !d.findElements(By.id("scenario-start")).isEmpty());
            driver.findElement(By.id("scenario-start")).click();
            browser.await("latencies of both flows", WAIT, d -> MEAN.matcher(text(d, "#async-with-queue")).find()
                    && MEAN.matcher(text(d, "#async-synchronous")).find()
                    && count(text(d, "#async-synchronous")) >= 8);
            long withQueue = mean(text(driver, "#async-with-queue"));
            long synchronous = mean(text(driver, "#async-synchronous"));
            System.out.printf("async page: with the queue %d ms, synchronous %d ms%n", withQueue, synchronous);
            assertThat(synchronous).isGreaterThanOrEqualTo(230).isGreaterThan(3 * withQueue);
            assertThat(text(driver, "#scenario-state")).contains("RUNNING");
            browser.await("the consumers' lag on the monitor's chart", WAIT,
                    d -> !d.findElements(By.cssSelector("#async-lag-chart polyline")).isEmpty());
            browser.screenshot("scenario-async");
            driver.findElement(By.id("scenario-stop")).click();
            browser.await("the scenario stopped", WAIT, d -> text(d, "#scenario-state").contains("STOPPED"));

            driver.get(weir.baseUrl() + "/scenarios/peak");
            browser.await("the peak page", WAIT, d -> !d.findElements(By.id("scenario-start")).isEmpty());
            driver.findElement(By.id("scenario-start")).click();
            browser.await("the burst's request rate", DRAIN, d -> text(d, "#peak-request-rate").contains(HumanFormat.count(BURST) + " requests published"));
            System.out.printf("peak page: %s; drain %s%n", text(driver, "#peak-request-rate").replace('\n', ' '),
                    text(driver, "#peak-drain-rate").replace('\n', ' '));
            browser.await("the alert firing", DRAIN,
                    d -> "FIRING".equals(d.findElement(By.id("peak-alert")).getAttribute("data-state")));
            assertThat(text(driver, "#peak-backlog")).doesNotContain("nothing waits");
            browser.await("the backlog on the monitor's chart", WAIT,
                    d -> !d.findElements(By.cssSelector("#peak-backlog-chart polyline")).isEmpty());
            browser.screenshot("scenario-peak-firing");
            browser.await("the alert resolved", DRAIN,
                    d -> "RESOLVED".equals(d.findElement(By.id("peak-alert")).getAttribute("data-state")));
            assertThat(text(driver, "#peak-backlog")).contains("nothing waits");
            browser.screenshot("scenario-peak-resolved");
            driver.findElement(By.id("scenario-stop")).click();
            browser.await("the scenario stopped", WAIT, d -> text(d, "#scenario-state").contains("STOPPED"));

            driver.get(weir.baseUrl() + "/scenarios/decoupling");
            browser.await("the decoupling page", WAIT, d -> !d.findElements(By.id("scenario-start")).isEmpty());
            driver.findElement(By.id("scenario-start")).click();
            browser.await("orders handled by the subscribers", WAIT,
                    d -> text(d, "#decoupling-orders-logistics").matches("(?s).*[1-9]\\d* handled.*"));
            driver.findElement(By.id("decoupling-toggle-orders-logistics")).click();
            browser.await("logistics stopped and behind", WAIT, d -> text(d, "#decoupling-orders-logistics").contains("stopped")
                    && !value(d, "decoupling-orders-logistics").equals("0 behind"));
            driver.findElement(By.id("decoupling-add-analytics")).click();
            browser.await("analytics added", WAIT, d -> !d.findElements(By.id("decoupling-orders-analytics")).isEmpty());
            browser.screenshot("scenario-decoupling");
            driver.findElement(By.id("scenario-stop")).click();
            browser.await("the scenario stopped", WAIT, d -> text(d, "#scenario-state").contains("STOPPED"));

            driver.get(weir.baseUrl() + "/scenarios/failures");
            browser.await("the failures page", WAIT, d -> !d.findElements(By.id("scenario-start")).isEmpty());
            driver.findElement(By.id("scenario-start")).click();
            browser.await("dead letters and absorbed duplicates", WAIT,
                    d -> !value(d, "failures-dead-letters").equals("0") && !value(d, "failures-dedup-consumer").equals("0")
                            && !value(d, "failures-order-violations").isEmpty());
            assertThat(value(driver, "failures-order-violations")).isEqualTo("0");
            assertThat(driver.findElement(By.id("failures-dead-letters-link")).getAttribute("href"))
                    .endsWith("/sources/builtin/dead-letters?queue=scenario-payments.payments-worker.dlq");
            browser.screenshot("scenario-failures");
            driver.findElement(By.id("scenario-stop")).click();
            browser.await("the scenario stopped", WAIT, d -> text(d, "#scenario-state").contains("STOPPED"));
            driver.findElement(By.id("scenario-delete")).click();
            browser.await("the delete preview", WAIT, d -> !d.findElements(By.id("scenario-delete-confirm")).isEmpty());
            assertThat(text(driver, "#scenario-delete-preview")).contains("scenario-payments", "scenario-payments.payments-worker.dlq",
                    "scenario-payouts", "scenario-order-events", "messages");
            driver.findElement(By.id("scenario-delete-confirm")).click();
            driver.findElement(By.id("scenario-delete")).click();
            browser.await("nothing left to delete", WAIT, d -> !d.findElements(By.id("scenario-delete-none")).isEmpty());

            try (Browser viewer = new Browser()) {
                viewer.signIn(weir.baseUrl(), "vera", "viewer-password");
                viewer.driver().get(weir.baseUrl() + "/scenarios/peak");
                viewer.await("the read-only page", WAIT, d -> text(d, "body").contains("Read-only"));
                assertThat(viewer.driver().findElements(By.id("scenario-start"))).isEmpty();
                assertThat(viewer.driver().findElements(By.id("peak-burst"))).isEmpty();
                assertThat(text(viewer.driver(), "#peak-request-rate")).contains(HumanFormat.count(BURST) + " requests published");
                viewer.screenshot("scenario-peak-viewer");
            }
            printBlockedThreads(weir);
        }
    }

    /** Where a blocked event loop was, if Vert.x reported one: the WARN line alone does not say. */
    private static void printBlockedThreads(WeirProcess weir) {
        java.util.List<String> log = weir.log();
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains("BlockedThreadChecker")) {
                System.out.println(String.join("\n", log.subList(i, Math.min(log.size(), i + 40))));
            }
        }
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** The figure a tile shows (its data-value). */
    private static String value(WebDriver driver, String id) {
        String value = driver.findElement(By.id(id)).getAttribute("data-value");
        return value == null ? "" : value;
    }

    private static long mean(String tile) {
        Matcher m = MEAN.matcher(tile);
        assertThat(m.find()).as(tile).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The request count of a latency tile ("… over 12 requests"). */
    private static long count(String tile) {
        Matcher m = Pattern.compile("over (\\d+) request").matcher(tile);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
