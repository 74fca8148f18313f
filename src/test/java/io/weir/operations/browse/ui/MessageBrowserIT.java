package io.weir.operations.browse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.Browser;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/**
 * The message browser of the packaged app in headless Chromium: reached from a topic's page, a
 * search of the built-in broker's dead-letter topic with the decoded origin in the detail dialog,
 * and a filtered, newest-first search of a Kafka topic. Screenshots go to target/screenshots.
 */
class MessageBrowserIT {

    private static final String PASSWORD = "browser-test-password";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String TOPIC = "browse-invoices";
    private static final String GROUP = "mailer";
    private static final String DEAD_LETTERS = TOPIC + "." + GROUP + ".dlq";
    private static final String KAFKA_TOPIC = "browse-ui-orders-" + RUN;

    @TempDir
    static Path dir;
    private static WeirProcess weir;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        try (Admin admin = kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(KAFKA_TOPIC, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord<>(KAFKA_TOPIC, "customer-" + i % 7,
                        "{\"order\":" + i + ",\"status\":\"" + (i % 3 == 0 ? "failed" : "ok") + "\"}")).get();
            }
        }
        weir = WeirProcess.start(dir, Map.ofEntries(
                Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
                Map.entry("WEIR_SOURCES_BUILTIN_KIND", "builtin"),
                Map.entry("WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "2s"),
                Map.entry("WEIR_SOURCES_KAFKA_KIND", "kafka"),
                Map.entry("WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP),
                Map.entry("WEIR_SOURCES_KAFKA_POLL_INTERVAL", "2s")));
        deadLetterFiveInvoices();
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
        try (Admin admin = kafkaAdmin()) {
            admin.deleteTopics(List.of(KAFKA_TOPIC)).all().get();
        }
    }

    @Test
    void deadLetterTopicIsBrowsedFromItsPageAndShowsWhyEachFailed() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/builtin/queue?name=" + DEAD_LETTERS);
        browser.await("the browse link", Duration.ofSeconds(40), d -> !d.findElements(By.id("browse-messages")).isEmpty());
        browser.driver().findElement(By.id("browse-messages")).click();
        browser.await("the browser's empty state", Duration.ofSeconds(20), d -> text(d, "#browse-empty").contains("Press Search"));
        browser.screenshot("page-messages-empty");
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("five dead letters", Duration.ofSeconds(20),
                d -> text(d, "#browse-progress").contains("5 scanned · 5 matched") && text(d, "#messages-grid").contains("invoice 4"));
        assertThat(text(browser.driver(), "#browse-progress")).contains("reached the end");
        assertThat(text(browser.driver(), "#messages-grid")).contains("template missing");
        browser.screenshot("page-messages-dead-letters");
        browser.driver().findElements(By.cssSelector("#messages-grid vaadin-grid-cell-content")).stream()
                .filter(cell -> cell.getText().equals("invoice 2")).findFirst().orElseThrow().click();
        browser.await("the detail dialog", Duration.ofSeconds(10), d -> text(d, "#message-dead-letter").contains("Reason"));
        String origin = text(browser.driver(), "#message-dead-letter");
        assertThat(origin).contains("From " + TOPIC + ", partition 0, offset 2 · given up by group " + GROUP + " after 1 attempt")
                .contains("Reason: template missing");
        assertThat(text(browser.driver(), "#message-payload")).isEqualTo("invoice 2");
        assertThat(browser.driver().findElement(By.cssSelector("#message-download")).getAttribute("href")).contains("VAADIN/dynamic");
        browser.screenshot("page-message-detail");
    }

    @Test
    void kafkaSearchFiltersOnTheServerNewestFirstAndCanGoOn() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/kafka/messages?queue=" + KAFKA_TOPIC);
        browser.await("the search button", Duration.ofSeconds(20), d -> !d.findElements(By.id("browse-search")).isEmpty());
        browser.driver().findElement(By.cssSelector("#browse-json-path input")).sendKeys("$.status");
        browser.driver().findElement(By.cssSelector("#browse-json-value input")).sendKeys("failed" + Keys.TAB);
        browser.driver().findElement(By.id("browse-order")).click();
        browser.await("the order choices", Duration.ofSeconds(5), d -> !d.findElements(By.cssSelector("vaadin-select-item")).isEmpty());
        browser.driver().findElements(By.cssSelector("vaadin-select-item")).stream()
                .filter(item -> item.getText().equals("Newest first")).findFirst().orElseThrow().click();
        browser.driver().findElement(By.id("browse-search")).click();
        browser.await("the failed orders, newest first", Duration.ofSeconds(30),
                d -> text(d, "#browse-progress").contains("60 scanned · 20 matched"));
        String grid = text(browser.driver(), "#messages-grid");
        assertThat(grid).contains("{\"order\":57,\"status\":\"failed\"}").doesNotContain("\"ok\"");
        assertThat(grid.indexOf("\"order\":57")).isLessThan(grid.indexOf("\"order\":54"));
        browser.screenshot("page-messages-kafka-filtered");
    }

    /** A shared group allowed one attempt rejects the 5 invoices it receives: all go to its dead-letter topic. */
    private static void deadLetterFiveInvoices() {
        String topic = "/api/broker/v1/topics/" + TOPIC;
        broker().body(Map.of("name", TOPIC, "partitions", 1)).post("/api/broker/v1/topics").then().statusCode(201);
        broker().body(Map.of("name", GROUP, "mode", "shared", "config", Map.of("maxAttempts", 1)))
                .post(topic + "/groups").then().statusCode(201);
        broker().body(Map.of("messages", IntStream.range(0, 5).mapToObj(i -> Map.of("value", "invoice " + i)).toList()))
                .post(topic + "/messages").then().statusCode(200);
        List<String> receipts = broker().post(topic + "/groups/" + GROUP + "/receive?consumer=m1&max=5&wait=5s")
                .then().statusCode(200).extract().jsonPath().getList("deliveries.receipt", String.class);
        assertThat(receipts).hasSize(5);
        broker().body(Map.of("receipts", receipts, "reason", "template missing")).post(topic + "/groups/" + GROUP + "/nack")
                .then().statusCode(200);
    }

    private static RequestSpecification broker() {
        return RestAssured.given().baseUri(weir.baseUrl()).auth().preemptive().basic("admin", PASSWORD)
                .contentType(ContentType.JSON);
    }

    private static Admin kafkaAdmin() {
        return Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
