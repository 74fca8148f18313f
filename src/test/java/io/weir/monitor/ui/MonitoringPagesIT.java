package io.weir.monitor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import io.weir.testing.Browser;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;

/**
 * Every monitoring page of the packaged app in headless Chromium, against the real Kafka and
 * RabbitMQ: a topic with a lagging group, a queue with a backlog and a dead-letter queue holding
 * messages. Screenshots of each page go to target/screenshots.
 */
class MonitoringPagesIT {

    private static final String PASSWORD = "pages-test-password";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String TOPIC = "pages-orders-" + RUN;
    private static final String GROUP = "pages-billing-" + RUN;
    private static final String QUEUE = "pages-emails-" + RUN;
    private static final String DEAD_LETTERS = "pages-emails-" + RUN + ".dlq";

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
        weir = WeirProcess.start(dir, Map.of(
                "WEIR_ADMIN_PASSWORD", PASSWORD,
                "WEIR_SOURCES_KAFKA_KIND", "kafka",
                "WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", TestServices.KAFKA_BOOTSTRAP,
                "WEIR_SOURCES_KAFKA_POLL_INTERVAL", "2s",
                "WEIR_SOURCES_RABBIT_KIND", "rabbitmq",
                "WEIR_SOURCES_RABBIT_MANAGEMENT_URL", TestServices.RABBITMQ_MANAGEMENT_URL,
                "WEIR_SOURCES_RABBIT_USERNAME", TestServices.RABBITMQ_USER,
                "WEIR_SOURCES_RABBIT_PASSWORD", TestServices.RABBITMQ_PASSWORD,
                "WEIR_SOURCES_RABBIT_POLL_INTERVAL", "2s"));
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
