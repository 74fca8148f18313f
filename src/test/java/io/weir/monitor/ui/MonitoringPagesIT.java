package io.weir.monitor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.Browser;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Every monitoring page of the packaged app in headless Chromium, against the real Kafka and
 * RabbitMQ: a topic with a lagging group, a queue with a backlog and a dead-letter queue holding
 * messages; and on the built-in broker a shared group whose messages all went to its dead-letter
 * topic, watched by a rule. Screenshots of each page go to target/screenshots.
 */
class MonitoringPagesIT {

    private static final String PASSWORD = "pages-test-password";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String TOPIC = "pages-orders-" + RUN;
    private static final String GROUP = "pages-billing-" + RUN;
    private static final String QUEUE = "pages-emails-" + RUN;
    private static final String DEAD_LETTERS = "pages-emails-" + RUN + ".dlq";
    private static final String BUILTIN_TOPIC = "pages-invoices";
    private static final String SHARED_GROUP = "pages-mailer";
    private static final String BUILTIN_DEAD_LETTERS = BUILTIN_TOPIC + "." + SHARED_GROUP + ".dlq";

    @TempDir
    static Path dir;
    private static WeirProcess weir;
    private static Browser browser;
    private static Connection rabbit;

    @BeforeAll
    static void start() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        TestServices.requireReachable("127.0.0.1", 5672, "RabbitMQ");
        createKafkaTopicWithLaggingGroup();
        createRabbitQueues();
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("pages.yml"), """
                groups:
                  - name: pages
                    interval: 1s
                    rules:
                      - alert: BuiltinDeadLettersHeld
                        expr: weir_dlq_messages{source="builtin"} > 0
                        labels:
                          severity: warning
                        annotations:
                          summary: "{{ $value }} dead letters in {{ $labels.queue }}"
                      - alert: PagesGroupBehind
                        expr: weir_consumergroup_lag_seconds{source="kafka", group="%s"} > 5
                        labels:
                          severity: warning
                        annotations:
                          summary: "{{ $labels.group }} is {{ $value | humanizeDuration }} behind"
                """.formatted(GROUP));
        weir = WeirProcess.start(dir, Map.ofEntries(
                Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
                Map.entry("WEIR_ALERTING_RULES_DIR", rules.toString()),
                Map.entry("WEIR_SOURCES_BUILTIN_KIND", "builtin"),
                Map.entry("WEIR_SOURCES_BUILTIN_POLL_INTERVAL", "2s"),
                Map.entry("WEIR_SOURCES_KAFKA_KIND", "kafka"),
                Map.entry("WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP),
                Map.entry("WEIR_SOURCES_KAFKA_POLL_INTERVAL", "2s"),
                Map.entry("WEIR_SOURCES_RABBIT_KIND", "rabbitmq"),
                Map.entry("WEIR_SOURCES_RABBIT_MANAGEMENT_URL", TestServices.RABBITMQ_MANAGEMENT_URL),
                Map.entry("WEIR_SOURCES_RABBIT_USERNAME", TestServices.RABBITMQ_USER),
                Map.entry("WEIR_SOURCES_RABBIT_PASSWORD", TestServices.RABBITMQ_PASSWORD),
                Map.entry("WEIR_SOURCES_RABBIT_POLL_INTERVAL", "2s")));
        deadLetterEverythingOfASharedGroup();
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
            admin.deleteTopics(List.of(TOPIC)).all().get();
            admin.deleteConsumerGroups(List.of(GROUP)).all().get();
        }
        if (rabbit != null) {
            try (Channel channel = rabbit.createChannel()) {
                channel.queueDelete(QUEUE);
                channel.queueDelete(DEAD_LETTERS);
            }
            rabbit.close();
        }
    }

    @Test
    void overviewShowsEachStatusReasonWholeAt1280Pixels() throws Exception {
        browser.driver().manage().window().setSize(new Dimension(1280, 900));
        try {
            browser.driver().get(weir.baseUrl() + "/");
            // The shared Kafka may hold other groups that rank above this test's among the ten worst.
            browser.await("a status reason of 60 characters or more", Duration.ofSeconds(60),
                    d -> d.findElements(By.cssSelector("#lags-grid .weir-wrap")).stream().anyMatch(e -> e.getText().length() >= 60));
            List<WebElement> reasons = browser.driver().findElements(By.cssSelector("#lags-grid .weir-wrap"));
            assertThat(reasons).isNotEmpty();
            for (WebElement reason : reasons) {
                // Whole when the text fits its cell: no part scrolled out sideways or below the row.
                Boolean whole = (Boolean) ((JavascriptExecutor) browser.driver()).executeScript(
                        "const text = arguments[0], cell = text.parentElement;"
                                + "const t = text.getBoundingClientRect(), c = cell.getBoundingClientRect();"
                                + "return cell.scrollWidth <= cell.clientWidth && t.right <= c.right + 1 && t.bottom <= c.bottom + 1;",
                        reason);
                assertThat(whole).as("reason '%s' shown whole", reason.getText()).isTrue();
            }
            browser.screenshot("page-overview-1280");
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1400, 900));
        }
    }

    @Test
    void sharedGroupWithDeadLettersSaysSoAndLinksToThem() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/builtin/groups/" + SHARED_GROUP);
        browser.await("the dead-letter status", Duration.ofSeconds(40), d -> text(d, "#group-status").contains("DEAD LETTERS"));
        assertThat(text(browser.driver(), "#group-status")).doesNotContain("no problem found");
        assertThat(text(browser.driver(), "#group-dead-letters"))
                .isEqualTo("Dead-letter queue " + BUILTIN_DEAD_LETTERS + ": 7 messages not processed · why they failed, and replay");
        List<String> links = browser.driver().findElements(By.cssSelector("#group-dead-letters a")).stream()
                .map(a -> a.getAttribute("href")).toList();
        assertThat(links).hasSize(2);
        assertThat(links.get(0)).endsWith("/sources/builtin/queue?name=" + BUILTIN_DEAD_LETTERS);
        assertThat(links.get(1)).endsWith("/sources/builtin/dead-letters?queue=" + BUILTIN_DEAD_LETTERS);
        browser.screenshot("page-group-shared-dead-letters");
    }

    @Test
    void builtInPartitionsLeaveOutLeaderAndReplicasWhileKafkaShowsThem() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/builtin/queue?name=" + BUILTIN_TOPIC);
        browser.await("the built-in topic's partitions", Duration.ofSeconds(40),
                d -> text(d, "#partitions-grid").contains("End offset"));
        assertThat(text(browser.driver(), "#partitions-grid")).doesNotContain("Leader").doesNotContain("Replicas")
                .doesNotContain("In sync");
        browser.screenshot("page-queue-builtin-partitions");
        browser.driver().get(weir.baseUrl() + "/sources/kafka/queue?name=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
        browser.await("the Kafka topic's partitions with leaders", Duration.ofSeconds(40),
                d -> text(d, "#partitions-grid").contains("Leader") && text(d, "#partitions-grid").contains("In sync"));
    }

    @Test
    void builtInSourceNamesWeirsVersionAndItsDataDirectoryWithBinaryBytes() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/builtin");
        browser.await("the built-in source's header and node", Duration.ofSeconds(40),
                d -> text(d, "body").contains("HEALTHY") && text(d, "#nodes-grid").contains("free"));
        String body = text(browser.driver(), "body");
        assertThat(body).doesNotContain("embedded at embedded").contains("Built-in broker 0.1.0-SNAPSHOT at " + dir.resolve("data")
                .resolve("broker").toAbsolutePath());
        assertThat(text(browser.driver(), "#nodes-grid")).contains("alarm below 100 MiB").doesNotContain(" MB");
        browser.screenshot("page-source-builtin");
    }

    @Test
    void alertValueIsShownInTheUnitOfItsMetric() throws Exception {
        browser.driver().get(weir.baseUrl() + "/alerts");
        browser.await("the dead-letter alert with its value in messages", Duration.ofSeconds(40),
                d -> text(d, "#alerts-grid").contains("BuiltinDeadLettersHeld") && text(d, "#alerts-grid").contains("7 msgs"));
        browser.await("the lag alert with its value as a duration", Duration.ofSeconds(40),
                d -> text(d, "#alerts-grid").contains("PagesGroupBehind"));
        assertThat(text(browser.driver(), "#alerts-grid")).containsPattern("\\n\\d+ (s|min( \\d+ s)?)\\n");
        browser.screenshot("page-alerts-value");
    }

    @Test
    void overviewShowsHealthLargestBacklogsAndDeadLetters() throws Exception {
        browser.driver().get(weir.baseUrl() + "/");
        browser.await("both sources healthy", Duration.ofSeconds(40),
                d -> card(d, "kafka").contains("HEALTHY") && card(d, "rabbit").contains("HEALTHY"));
        browser.await("the topic and the queue among the largest backlogs", Duration.ofSeconds(40),
                d -> text(d, "#backlogs-grid").contains(TOPIC) && text(d, "#backlogs-grid").contains(QUEUE));
        browser.await("the dead-letter queue holding messages", Duration.ofSeconds(40),
                d -> text(d, "#dlq-grid").contains(DEAD_LETTERS));
        assertThat(text(browser.driver(), "#backlogs-grid")).contains("msgs");
        browser.screenshot("page-overview");
    }

    @Test
    void sourcePageFiltersTopicsOnTheServer() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/kafka");
        browser.await("the topic in the grid", Duration.ofSeconds(40), d -> text(d, "#queues-grid").contains(TOPIC));
        browser.driver().findElement(By.cssSelector("vaadin-text-field[placeholder^='Filter topics'] input"))
                .sendKeys(RUN + Keys.TAB);
        browser.await("only matching topics", Duration.ofSeconds(10), d -> {
            String grid = text(d, "#queues-grid");
            return grid.contains(TOPIC) && !grid.contains("__consumer_offsets");
        });
        browser.await("the group in the groups grid", Duration.ofSeconds(40), d -> text(d, "#groups-grid").contains(GROUP));
        browser.screenshot("page-source-kafka");
        browser.driver().get(weir.baseUrl() + "/sources/rabbit");
        browser.await("the queue in the grid", Duration.ofSeconds(40), d -> text(d, "#queues-grid").contains(QUEUE));
        browser.await("node figures", Duration.ofSeconds(10), d -> text(d, "#nodes-grid").contains("free"));
        browser.screenshot("page-source-rabbit");
    }

    @Test
    void queuePageChartsTheBacklogFromHistory() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/kafka/queue?name=" + URLEncoder.encode(TOPIC, StandardCharsets.UTF_8));
        browser.await("partitions of the topic", Duration.ofSeconds(40), d -> text(d, "#partitions-grid").contains("End offset"));
        browser.await("a drawn backlog line", Duration.ofSeconds(40),
                d -> !d.findElements(By.cssSelector(".weir-chart polyline")).isEmpty());
        assertThat(text(browser.driver(), "body")).contains("Backlog 40 msgs");
        browser.screenshot("page-queue-topic");
    }

    @Test
    void groupPageShowsStatusReasonAndLagPerPartition() throws Exception {
        browser.driver().get(weir.baseUrl() + "/sources/kafka/groups/" + GROUP);
        browser.await("the group's status", Duration.ofSeconds(40), d -> text(d, "#group-status").length() > 0);
        browser.await("lag per partition", Duration.ofSeconds(40), d -> text(d, "#group-partitions-grid").contains(TOPIC));
        assertThat(text(browser.driver(), "#group-partitions-grid")).contains("no offset");
        browser.screenshot("page-group");
    }

    private static void createKafkaTopicWithLaggingGroup() throws Exception {
        try (Admin admin = kafkaAdmin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
            Properties props = new Properties();
            props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
            props.put("acks", "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 40; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "order " + i)).get();
                }
            }
            // The group read 25 of partition 0's 40 messages and never committed on partition 1.
            admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(25))).all().get();
        }
    }

    /**
     * A built-in topic of 7 messages and a shared group allowed one attempt that rejects each: all
     * go to its dead-letter topic. Its consumer stays a member for the whole test, or the group
     * would be NO_CONSUMERS, which outranks DEAD_LETTERS, while the 7 arrivals are in the window.
     */
    private static void deadLetterEverythingOfASharedGroup() {
        String topic = "/api/broker/v1/topics/" + BUILTIN_TOPIC;
        broker().body(Map.of("name", BUILTIN_TOPIC, "partitions", 1)).post("/api/broker/v1/topics").then().statusCode(201);
        broker().body(Map.of("name", SHARED_GROUP, "mode", "shared", "config", Map.of("maxAttempts", 1, "sessionTimeoutMs", 3_600_000)))
                .post(topic + "/groups").then().statusCode(201);
        broker().body(Map.of("messages", IntStream.range(0, 7).mapToObj(i -> Map.of("value", "invoice " + i)).toList()))
                .post(topic + "/messages").then().statusCode(200);
        List<String> receipts = broker().post(topic + "/groups/" + SHARED_GROUP + "/receive?consumer=m1&max=7&wait=5s")
                .then().statusCode(200).extract().jsonPath().getList("deliveries.receipt", String.class);
        assertThat(receipts).hasSize(7);
        broker().body(Map.of("receipts", receipts, "reason", "template missing")).post(topic + "/groups/" + SHARED_GROUP + "/nack")
                .then().statusCode(200);
    }

    private static RequestSpecification broker() {
        return RestAssured.given().baseUri(weir.baseUrl()).auth().preemptive().basic("admin", PASSWORD)
                .contentType(ContentType.JSON);
    }

    private static void createRabbitQueues() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        factory.setPort(TestServices.RABBITMQ_AMQP_PORT);
        factory.setUsername(TestServices.RABBITMQ_USER);
        factory.setPassword(TestServices.RABBITMQ_PASSWORD);
        rabbit = factory.newConnection();
        try (Channel channel = rabbit.createChannel()) {
            channel.queueDeclare(DEAD_LETTERS, true, false, false, null);
            channel.queueDeclare(QUEUE, true, false, false,
                    Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", DEAD_LETTERS));
            channel.confirmSelect();
            for (int i = 0; i < 30; i++) {
                channel.basicPublish("", QUEUE, MessageProperties.PERSISTENT_TEXT_PLAIN, ("mail " + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 3; i++) {
                channel.basicPublish("", DEAD_LETTERS, MessageProperties.PERSISTENT_TEXT_PLAIN, ("dead " + i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    private static Admin kafkaAdmin() {
        return Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
    }

    private static String card(WebDriver driver, String source) {
        return driver.findElements(By.cssSelector(".weir-card[data-source='" + source + "']")).stream()
                .map(e -> e.getText()).findFirst().orElse("");
    }

    private static String text(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).findFirst().orElse("");
    }
}
