package io.weir.advisor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.Browser;
import io.weir.testing.KafkaCluster;
import io.weir.testing.WeirProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The advisor of the packaged app against a real 3-broker Kafka cluster, where a topic can be
 * safe: replication factor 3, {@code min.insync.replicas=2}, no unclean elections. The safe topic
 * gets no finding; each deliberately unsafe topic gets exactly the check it breaks; a group whose
 * commit retention overtook, and a group whose members never commit, are reported too. Checked
 * through the API and on the page (screenshots in target/screenshots).
 */
class AdvisorKafkaClusterIT {

    private static final String PASSWORD = "advisor-cluster-password";
    private static final String OPERATOR_HASH = "$2a$10$/x/bUcuqq5.W23C0YIEBFeLbqG0QqeUZe02LrTAbHtA6ARu.0iSDO";
    private static final String VIEWER_HASH = "$2a$10$ep/LdMKBTtJ2XvVeTblgNuZSj31hIDn.F97O3ec.k82g7v9C9PlNm";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "cluster";
    private static final String SAFE = "orders-safe";
    private static final String SHORT_RETENTION = "orders-short-retention";
    private static final String UNCOMMITTED = "orders-uncommitted";
    private static final String LOST_GROUP = "lost-to-retention";
    private static final String NEVER_COMMITS_GROUP = "never-commits";
    private static final Map<String, String> SAFE_CONFIG = Map.of("min.insync.replicas", "2",
            "unclean.leader.election.enable", "false");
    /** Each unsafe topic and the one check it must get. */
    private static final Map<String, String> UNSAFE = Map.of(
            "orders-one-copy", "kafka-replication-factor",
            "orders-min-isr-1", "kafka-min-insync-replicas",
            "orders-min-isr-3", "kafka-min-insync-replicas",
            "orders-unclean", "kafka-unclean-leader-election");

    @TempDir
    static Path dir;
    private static KafkaCluster kafka;
    private static WeirProcess weir;
    private static Browser browser;
    private static Thread neverCommits;
    private static final AtomicBoolean consuming = new AtomicBoolean(true);

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaCluster.start(dir.resolve("kafka"), 3, "256m");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                    new NewTopic(SAFE, 1, (short) 3).configs(SAFE_CONFIG),
                    new NewTopic("orders-one-copy", 1, (short) 1),
                    new NewTopic("orders-min-isr-1", 1, (short) 3).configs(Map.of("min.insync.replicas", "1")),
                    new NewTopic("orders-min-isr-3", 1, (short) 3).configs(Map.of("min.insync.replicas", "3")),
                    new NewTopic("orders-unclean", 1, (short) 3).configs(Map.of("min.insync.replicas", "2",
                            "unclean.leader.election.enable", "true")),
                    // Segments roll every second and are deleted two seconds after their last message.
                    new NewTopic(SHORT_RETENTION, 1, (short) 3).configs(Map.of("min.insync.replicas", "2",
                            "retention.ms", "2000", "segment.ms", "1000", "file.delete.delay.ms", "0")),
                    new NewTopic(UNCOMMITTED, 1, (short) 3).configs(SAFE_CONFIG))).all().get(60, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(SHORT_RETENTION, "order-" + i)).get();
                    producer.send(new ProducerRecord<>(UNCOMMITTED, "order-" + i)).get();
                }
                TopicPartition partition = new TopicPartition(SHORT_RETENTION, 0);
                admin.alterConsumerGroupOffsets(LOST_GROUP, Map.of(partition, new OffsetAndMetadata(0))).all()
                        .get(30, TimeUnit.SECONDS);
                awaitLogStartPast(admin, producer, partition);
            }
        }
        neverCommits = new Thread(AdvisorKafkaClusterIT::consumeWithoutCommitting, "never-commits-consumer");
        neverCommits.start();
        weir = WeirProcess.start(dir.resolve("weir"), Map.ofEntries(
                Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
                Map.entry("WEIR_BROKER_ENABLED", "false"),
                Map.entry("WEIR_USERS_OTTO_PASSWORD_HASH", OPERATOR_HASH), Map.entry("WEIR_USERS_OTTO_ROLE", "operator"),
                Map.entry("WEIR_USERS_VERA_PASSWORD_HASH", VIEWER_HASH), Map.entry("WEIR_USERS_VERA_ROLE", "viewer"),
                Map.entry("WEIR_SOURCES_CLUSTER_KIND", "kafka"),
                Map.entry("WEIR_SOURCES_CLUSTER_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                Map.entry("WEIR_SOURCES_CLUSTER_POLL_INTERVAL", "2s"),
                Map.entry("WEIR_SOURCES_CLUSTER_TIMEOUT", "15s")));
        browser = new Browser();
        browser.signIn(weir.baseUrl(), "otto", "operator-password");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
            if (weir != null) {
                weir.close();
            }
        } finally {
            consuming.set(false);
            if (neverCommits != null) {
                neverCommits.join(10_000);
            }
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    void safeTopicHasNoFindingAndEachUnsafeOneGetsExactlyItsCheck() throws Exception {
        JsonPath findings = awaitFindings(LOST_GROUP, "kafka-group-behind-log-start");
        assertThat(checksOn(findings, SAFE)).as("RF 3, min.insync.replicas=2, no unclean elections").isEmpty();
        UNSAFE.forEach((topic, check) -> assertThat(checksOn(findings, topic)).as(topic).containsExactly(check));
        assertThat(finding(findings, "orders-one-copy", "kafka-replication-factor").get("evidence"))
                .isEqualTo("replication factor 1 on 1 partition(s); 3 broker(s) in the cluster");
        assertThat(finding(findings, "orders-min-isr-1", "kafka-min-insync-replicas").get("fix").toString())
                .endsWith("--entity-name orders-min-isr-1 --add-config min.insync.replicas=2");
        assertThat(finding(findings, "orders-min-isr-3", "kafka-min-insync-replicas").get("title"))
                .isEqualTo("One broker down stops every acks=all write");
        assertThat(finding(findings, "orders-unclean", "kafka-unclean-leader-election").get("severity"))
                .isEqualTo("critical");

        Map<String, Object> lost = finding(findings, LOST_GROUP, "kafka-group-behind-log-start");
        assertThat(lost.get("evidence").toString()).contains(SHORT_RETENTION + "/0 committed 0 < log start ");
        JsonPath withRetention = awaitFindings(SHORT_RETENTION, "kafka-retention-below-lag");
        // Retention emptied the log, so nothing waits there for the group without members (no no-consumers).
        assertThat(checksOn(withRetention, SHORT_RETENTION)).containsExactly("kafka-retention-below-lag");
        assertThat(finding(withRetention, SHORT_RETENTION, "kafka-retention-below-lag").get("evidence").toString())
                .startsWith("retention.ms=2000 (");
        JsonPath withNeverCommits = awaitFindings(NEVER_COMMITS_GROUP, "kafka-group-never-commits");
        assertThat(checksOn(withNeverCommits, NEVER_COMMITS_GROUP)).containsExactly("kafka-group-never-commits");
        assertThat(checksOn(withNeverCommits, UNCOMMITTED)).isEmpty();

        WebDriver driver = browser.driver();
        driver.get(weir.baseUrl() + "/advisor");
        browser.await("the never-commits group on the page", WAIT, d -> !d.findElements(
                By.cssSelector("[data-object='" + NEVER_COMMITS_GROUP + "'][data-check='kafka-group-never-commits']")).isEmpty());
        // the page refreshes itself, so elements read here can go stale: the await reads them again
        browser.await("each unsafe topic with exactly its check, the safe one without any", WAIT, d ->
                d.findElements(By.cssSelector("[data-object='" + SAFE + "']")).isEmpty()
                && UNSAFE.entrySet().stream().allMatch(unsafe -> d.findElements(
                        By.cssSelector("[data-object='" + unsafe.getKey() + "']")).stream()
                        .map(e -> e.getAttribute("data-check")).toList().equals(List.of(unsafe.getValue())))
                && d.findElement(By.cssSelector("[data-object='" + LOST_GROUP + "']")).getText()
                        .contains("Retention deleted messages the group had not read")
                && d.findElement(By.cssSelector("[data-object='" + LOST_GROUP + "']")).getText()
                        .contains("--reset-offsets --to-earliest"));
        browser.screenshot("advisor-kafka-cluster");
    }

    @Test
    void operatorWithdrawsAnAcknowledgementOnThePageAndTheFindingCountsAgain() throws Exception {
        String oneCopy = "[data-object='orders-one-copy'][data-check='kafka-replication-factor']";
        awaitFindings("orders-one-copy", "kafka-replication-factor");
        api("otto", "operator-password").body(Map.of("source", SOURCE, "object", "orders-one-copy",
                "check", "kafka-replication-factor", "reason", "scratch topic")).post("/api/v1/advisor/acknowledgements")
                .then().statusCode(200);
        WebDriver driver = browser.driver();
        driver.get(weir.baseUrl() + "/advisor");
        browser.await("the acknowledged finding", WAIT, d -> !d.findElements(
                By.cssSelector(oneCopy + ".weir-finding-acknowledged .advisor-withdraw")).isEmpty());
        WebElement withdraw = driver.findElement(By.cssSelector(oneCopy + " .advisor-withdraw"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", withdraw);
        withdraw.click();
        browser.await("the finding no longer acknowledged", WAIT, d -> d.findElements(By.cssSelector(oneCopy)).stream()
                .anyMatch(e -> !e.getAttribute("class").contains("weir-finding-acknowledged")
                        && e.findElements(By.cssSelector(".advisor-withdraw")).isEmpty()));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                driver.findElement(By.cssSelector(oneCopy)));
        browser.screenshot("advisor-withdrawn");
        JsonPath audit = api("admin", PASSWORD).get("/api/v1/audit?action=advisor.withdraw&object=orders-one-copy")
                .then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("channel")).containsExactly("UI");
        assertThat(audit.getList("actor")).containsExactly("otto");
        assertThat(api("vera", "viewer-password").get("/api/v1/advisor/findings?source=" + SOURCE + "&acknowledged=true")
                .then().statusCode(200).extract().jsonPath().getList("object")).doesNotContain("orders-one-copy");
    }

    /**
     * Sends a message a second, each rolling a segment, until retention has moved the log start
     * past offset 0; then waits until it has deleted the rest too, so that what the advisor sees
     * no longer changes.
     */
    private static void awaitLogStartPast(Admin admin, KafkaProducer<String, String> producer, TopicPartition partition)
            throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (offset(admin, partition, OffsetSpec.earliest()) == 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("retention did not move the log start of " + partition + " within 30 s");
            }
            producer.send(new ProducerRecord<>(partition.topic(), "late order")).get();
            Thread.sleep(1000);
        }
        while (offset(admin, partition, OffsetSpec.earliest()) < offset(admin, partition, OffsetSpec.latest())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("retention did not empty " + partition + " within 30 s");
            }
            Thread.sleep(500);
        }
    }

    private static long offset(Admin admin, TopicPartition partition, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(10, TimeUnit.SECONDS).offset();
    }

    /** A member of the group all along that reads and never commits. */
    private static void consumeWithoutCommitting() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, NEVER_COMMITS_GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(UNCOMMITTED));
            while (consuming.get()) {
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Waits until the source's findings include the check on the object, and answers them all. */
    private static JsonPath awaitFindings(String object, String check) {
        JsonPath[] found = new JsonPath[1];
        browser.await(check + " on " + object, WAIT, d -> {
            found[0] = api("vera", "viewer-password").get("/api/v1/advisor/findings?source=" + SOURCE)
                    .then().statusCode(200).extract().jsonPath();
            return !found[0].getList("findAll { it.object == '" + object + "' && it.check == '" + check + "' }").isEmpty();
        });
        return found[0];
    }

    private static List<String> checksOn(JsonPath findings, String object) {
        return findings.getList("findAll { it.object == '" + object + "' }.check");
    }

    private static Map<String, Object> finding(JsonPath findings, String object, String check) {
        List<Map<String, Object>> matching = findings.getList("findAll { it.object == '" + object + "' && it.check == '"
                + check + "' }");
        assertThat(matching).as(check + " on " + object).hasSize(1);
        return matching.get(0);
    }

    private static RequestSpecification api(String user, String password) {
        return RestAssured.given().baseUri(weir.baseUrl()).auth().preemptive().basic(user, password)
                .contentType(ContentType.JSON);
    }
}
