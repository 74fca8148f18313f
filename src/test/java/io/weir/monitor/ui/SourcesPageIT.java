package io.weir.monitor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testing.Browser;
import io.weir.testing.KafkaProcess;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The packaged, production-mode Weir in headless Chromium: sign in, see live source states, and
 * see a broker outage appear on the open page without a reload.
 */
class SourcesPageIT {

    private static final String PASSWORD = "browser-test-password";

    @TempDir
    static Path dir;
    private static KafkaProcess kafka;
    private static WeirProcess weir;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        TestServices.requireReachable("127.0.0.1", 15672, "the RabbitMQ management API");
        kafka = KafkaProcess.start(dir.resolve("kafka"), 29292, 29293);
        weir = WeirProcess.start(dir.resolve("weir"), Map.of(
                "WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_SOURCES_ORDERS_KAFKA_KIND", "kafka",
                "WEIR_SOURCES_ORDERS_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "WEIR_SOURCES_ORDERS_KAFKA_POLL_INTERVAL", "2s",
                "WEIR_SOURCES_ORDERS_KAFKA_TIMEOUT", "2s",
                "WEIR_SOURCES_EVENTS_RABBIT_KIND", "rabbitmq",
                "WEIR_SOURCES_EVENTS_RABBIT_MANAGEMENT_URL", TestServices.RABBITMQ_MANAGEMENT_URL,
                "WEIR_SOURCES_EVENTS_RABBIT_USERNAME", TestServices.RABBITMQ_USER,
                "WEIR_SOURCES_EVENTS_RABBIT_PASSWORD", TestServices.RABBITMQ_PASSWORD,
                "WEIR_SOURCES_EVENTS_RABBIT_POLL_INTERVAL", "2s"));
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (weir != null) {
            weir.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void signedInOperatorSeesLiveStatesAndAnOutageWithoutReload() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources");
        browser.await("the redirect to the login page", Duration.ofSeconds(30), d -> d.getCurrentUrl().contains("/login"));

        browser.signIn(weir.baseUrl(), "admin", PASSWORD);
        browser.await("the overview's source cards", Duration.ofSeconds(30),
                d -> cardText(d, "orders-kafka").contains("HEALTHY") && cardText(d, "events-rabbit").contains("HEALTHY"));
        browser.screenshot("overview");
        browser.driver().get(weir.baseUrl() + "/sources");
        awaitStatus("orders-kafka", "UP", Duration.ofSeconds(30));
        awaitStatus("events-rabbit", "UP", Duration.ofSeconds(30));
        awaitStatus("builtin", "UP", Duration.ofSeconds(30));
        assertThat(text("#sources-summary")).isEqualTo("3 of 3 sources up");
        assertThat(pageText()).contains("4.3 (metadata.version 4.3-IV0)").contains("3.10");
        browser.screenshot("sources-all-up");

        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        js.executeScript("window.weirNoReloadMarker = 'still here';");
        kafka.stop();
        weir.expectLog("Source orders-kafka is down: ");
        awaitStatus("orders-kafka", "DOWN", Duration.ofSeconds(8));
        assertThat(text("#sources-summary")).isEqualTo("1 of 3 sources down");
        assertThat(pageText()).contains("within 2000 ms");
        assertThat(js.executeScript("return window.weirNoReloadMarker;")).as("the page was not reloaded").isEqualTo("still here");
        browser.screenshot("sources-kafka-down");

        kafka.restart();
        awaitStatus("orders-kafka", "UP", Duration.ofSeconds(30));
        assertThat(js.executeScript("return window.weirNoReloadMarker;")).isEqualTo("still here");
    }

    @Test
    void wrongPasswordKeepsTheVisitorOnTheLoginPageWithAnError() {
        browser.driver().manage().deleteAllCookies();
        browser.submitLogin(weir.baseUrl(), "admin", "not-the-password");
        browser.await("the login error page", Duration.ofSeconds(15), d -> d.getCurrentUrl().contains("/login?error"));
        browser.await("the login error message", Duration.ofSeconds(15), d -> pageText().contains("Wrong username or password"));
    }

    private static void awaitStatus(String source, String status, Duration within) {
        browser.await(source + " " + status, within, d -> status.equals(
                d.findElements(By.cssSelector("span.source-status[data-source='" + source + "']")).stream()
                        .map(e -> e.getText().trim()).findFirst().orElse("")));
    }

    private static String cardText(org.openqa.selenium.WebDriver driver, String source) {
        return driver.findElements(By.cssSelector(".weir-card[data-source='" + source + "']")).stream()
                .map(e -> e.getText()).findFirst().orElse("");
    }

    private static String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText().trim();
    }

    private static String pageText() {
        return browser.driver().findElement(By.tagName("body")).getText();
    }
}
