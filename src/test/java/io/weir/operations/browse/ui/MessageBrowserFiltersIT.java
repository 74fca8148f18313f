package io.weir.operations.browse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.Browser;
import io.weir.testing.WeirProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/**
 * The message browser's CEL field, saved filters and hidden payloads in the packaged app, in headless
 * Chromium, over the built-in broker configured from {@code config/application.properties}: a saved
 * filter {@code refunds}, and the payloads of {@code vault-*} topics shown to nobody. Screenshots go
 * to target/screenshots.
 */
class MessageBrowserFiltersIT {

    private static final String PASSWORD = "browser-test-password";
    private static final String ORDERS = "filter-orders";
    private static final String VAULT = "vault-cards";

    @TempDir
    static Path dir;
    private static WeirProcess weir;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.writeString(dir.resolve("config/application.properties"), String.join("\n",
                "weir.sources.builtin.kind=builtin",
                "weir.sources.builtin.saved-filters.refunds.header=type:refund",
                "weir.sources.builtin.saved-filters.refunds.cel=offset >= 4",
                "weir.sources.builtin.payload-visibility=none",
                "weir.sources.builtin.sensitive-topics=vault-*", ""));
        weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", PASSWORD));
        for (String topic : List.of(ORDERS, VAULT)) {
            broker().body(Map.of("name", topic, "partitions", 1)).post("/api/broker/v1/topics").then().statusCode(201);
            broker().body(Map.of("messages", IntStream.range(0, 10).mapToObj(i -> Map.of("key", "customer-" + i,
                            "value", "{\"order\":" + i + ",\"note\":\"" + (i % 4 == 0 ? "gateway timeout" : "ok") + "\"}",
                            "headers", Map.of("type", i % 2 == 0 ? "refund" : "sale"))).toList()))
                    .post("/api/broker/v1/topics/" + topic + "/messages").then().statusCode(200);
        }
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
    void celFieldFiltersOnTheServerAndACompileErrorIsShown() throws Exception {
        open(ORDERS);
        browser.driver().findElement(By.cssSelector("#browse-cel input"))
                .sendKeys("value.contains(\"timeout\") && offset > 0" + Keys.TAB);
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("the timeouts after offset 0", Duration.ofSeconds(20),
                d -> text(d, "#browse-progress").contains("10 scanned · 2 matched"));
        assertThat(text(browser.driver(), "#messages-grid")).contains("customer-4").contains("customer-8")
                .doesNotContain("customer-0");
        browser.screenshot("page-messages-cel");
        browser.driver().findElement(By.cssSelector("#browse-cel input")).sendKeys(" &&" + Keys.TAB);
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("the compile error", Duration.ofSeconds(10),
                d -> text(d, "#browse-progress").contains("cel is not a valid boolean CEL expression"));
    }

    @Test
    void savedFilterFillsTheFields() throws Exception {
        open(ORDERS);
        browser.driver().findElement(By.id("browse-saved")).click();
        browser.await("the saved filters", Duration.ofSeconds(5), d -> !d.findElements(By.cssSelector("vaadin-select-item")).isEmpty());
        browser.driver().findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(item -> item.getText().equals("refunds")).findFirst().orElseThrow().click();
        browser.await("the fields filled", Duration.ofSeconds(5),
                d -> "type:refund".equals(d.findElement(By.cssSelector("#browse-header input")).getAttribute("value")));
        assertThat(browser.driver().findElement(By.cssSelector("#browse-cel input")).getAttribute("value")).isEqualTo("offset >= 4");
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("refunds from offset 4", Duration.ofSeconds(20),
                d -> text(d, "#browse-progress").contains("10 scanned · 3 matched"));
        assertThat(text(browser.driver(), "#messages-grid")).contains("customer-4").contains("customer-6").contains("customer-8");
        browser.screenshot("page-messages-saved-filter");
    }

    @Test
    void sensitivePayloadsAreHiddenInTheGridAndTheDetail() throws Exception {
        open(VAULT);
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("ten hidden messages", Duration.ofSeconds(20), d -> text(d, "#browse-progress").contains("10 matched"));
        String grid = text(browser.driver(), "#messages-grid");
        assertThat(grid).contains("hidden (").contains("customer-3").doesNotContain("gateway timeout").doesNotContain("\"order\"");
        browser.screenshot("page-messages-hidden");
        browser.driver().findElements(By.cssSelector("#messages-grid vaadin-grid-cell-content")).stream()
                .filter(cell -> cell.getText().equals("customer-3")).findFirst().orElseThrow().click();
        browser.await("the detail dialog", Duration.ofSeconds(10), d -> !text(d, "#message-payload-hidden").isEmpty());
        assertThat(text(browser.driver(), "#message-payload-hidden")).startsWith("Payload hidden (");
        assertThat(browser.driver().findElements(By.id("message-download"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("message-payload"))).isEmpty();
        browser.screenshot("page-message-detail-hidden");
        browser.driver().findElement(By.cssSelector("vaadin-dialog-overlay vaadin-button")).click();
        browser.driver().findElement(By.cssSelector("#browse-text input")).sendKeys("timeout" + Keys.TAB);
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("the refusal", Duration.ofSeconds(10),
                d -> text(d, "#browse-progress").contains("so filters that read them cannot be used: text"));
    }

    private static void open(String topic) {
        browser.driver().get(weir.baseUrl() + "/sources/builtin/messages?queue=" + topic);
        browser.await("the search button", Duration.ofSeconds(20), d -> !d.findElements(By.id("browse-search")).isEmpty());
    }

    private static RequestSpecification broker() {
        return RestAssured.given().baseUri(weir.baseUrl()).auth().preemptive().basic("admin", PASSWORD)
                .contentType(ContentType.JSON);
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
