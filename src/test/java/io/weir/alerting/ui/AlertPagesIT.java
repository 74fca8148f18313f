package io.weir.alerting.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testing.Browser;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The Alerts and Rules pages of the packaged app in headless Chromium, with rules over the
 * built-in broker's source (always up): one fires after 3 s, one stays pending for an hour, and
 * one file is broken. Then Weir restarts and the firing alert is firing from its first evaluation,
 * with the time it fired before. Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertPagesIT {

    private static final String PASSWORD = "alert-pages-password";
    private static final Pattern CRITICAL = Pattern.compile("weir_alerts\\{severity=\"critical\",state=\"(firing|pending)\",?} (\\S+)");

    @TempDir
    static Path dir;
    private static WeirProcess weir;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("builtin.yml"), """
                groups:
                  - name: builtin
                    interval: 1s
                    rules:
                      - alert: BuiltinBrokerUp
                        expr: weir_source_up{source="builtin"} == 1
                        for: 3s
                        labels:
                          severity: critical
                        annotations:
                          summary: "Source {{ $labels.source }} answers (value {{ $value }})"
                      - alert: BuiltinUpForAnHour
                        expr: weir_source_up{source="builtin"} == 1
                        for: 1h
                        labels:
                          severity: warning
                """);
        Files.writeString(rules.resolve("broken.yml"), """
                groups:
                  - name: broken
                    rules:
                      - alert: Broken
                        expr: sum(weir_queue_messages) > 10 and weir_source_up == 1
                """);
        weir = WeirProcess.start(dir, Map.of(
                "WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_ALERTING_RULES_DIR", rules.toString(),
                "WEIR_ALERTING_RELOAD_INTERVAL", "1s",
                "WEIR_SOURCES_BUILTIN_KIND", "builtin",
                "WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "1s"))
                .expectLog("Alert rule file refused, its last good version stays active: broken\\.yml:5:");
        browser = new Browser();
        browser.signIn(weir.baseUrl(), "admin", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (weir != null) {
            weir.close();
        }
    }

    @Test
    @Order(1)
    void alertsPageListsFiringThenPendingWithSeverityValueSinceAndObjectLink() throws Exception {
        browser.driver().get(weir.baseUrl() + "/alerts");
        browser.await("a firing and a pending alert", Duration.ofSeconds(40),
                d -> text(d, "#alerts-summary").equals("1 firing · 1 pending"));
        String grid = text(browser.driver(), "#alerts-grid");
        assertThat(grid).contains("FIRING", "CRITICAL", "BuiltinBrokerUp", "Source builtin answers (value 1)",
                "PENDING", "WARNING", "BuiltinUpForAnHour", "source=builtin", "source builtin", " ago");
        assertThat(grid.indexOf("BuiltinBrokerUp")).as("firing before pending").isLessThan(grid.indexOf("BuiltinUpForAnHour"));
        assertThat(browser.driver().findElement(By.linkText("source builtin")).getAttribute("href"))
                .endsWith("/sources/builtin");
        browser.screenshot("page-alerts");
    }

    @Test
    @Order(2)
    void rulesPageListsRulesWithStateAndTheRefusedFileWithLineAndReason() throws Exception {
        browser.driver().get(weir.baseUrl() + "/rules");
        browser.await("both rules evaluated", Duration.ofSeconds(20),
                d -> text(d, "#rules-grid").contains("BuiltinUpForAnHour") && text(d, "#rules-grid").contains(" ago"));
        String errors = text(browser.driver(), "#rule-errors-grid");
        assertThat(errors).contains("broken.yml", "5", "and operator (set operation) is not supported");
        assertThat(text(browser.driver(), "#rules-grid")).contains("FIRING", "PENDING", "builtin.yml:5 · group builtin",
                "weir_source_up{source=\"builtin\"} == 1", "1 h");
        browser.screenshot("page-rules");
    }

    @Test
    @Order(3)
    void firingAlertIsFiringFromTheFirstEvaluationAfterARestartWithItsFiringTime() throws Exception {
        browser.driver().get(weir.baseUrl() + "/alerts");
        browser.await("the firing alert", Duration.ofSeconds(20), d -> text(d, "#alerts-grid").contains("FIRING"));
        String firedAt = since(text(browser.driver(), "#alerts-grid"));

        weir.restart();
        Instant deadline = Instant.now().plusSeconds(30);
        Map<String, Double> counts = Map.of();
        while (Instant.now().isBefore(deadline) && counts.values().stream().allMatch(v -> v == 0)) {
            counts = criticalAlerts();
            Thread.sleep(50);
        }
        assertThat(counts).as("critical alerts at the first evaluation after the restart")
                .containsEntry("firing", 1.0).containsEntry("pending", 0.0);

        browser.signIn(weir.baseUrl(), "admin", PASSWORD);
        browser.driver().get(weir.baseUrl() + "/alerts");
        browser.await("the firing alert after the restart", Duration.ofSeconds(20),
                d -> text(d, "#alerts-grid").contains("FIRING"));
        assertThat(since(text(browser.driver(), "#alerts-grid"))).as("the time it fired, kept").isEqualTo(firedAt);
        browser.screenshot("page-alerts-after-restart");
    }

    /** The absolute time of the first row (the firing alert). */
    private static String since(String grid) {
        Matcher time = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+").matcher(grid);
        assertThat(time.find()).as(grid).isTrue();
        return time.group();
    }

    private static Map<String, Double> criticalAlerts() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(weir.baseUrl() + "/q/metrics")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Double> counts = new java.util.TreeMap<>();
        Matcher row = CRITICAL.matcher(response.body());
        while (row.find()) {
            counts.put(row.group(1), Double.parseDouble(row.group(2)));
        }
        return counts;
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
