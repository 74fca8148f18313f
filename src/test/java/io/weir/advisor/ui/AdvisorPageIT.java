package io.weir.advisor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.Browser;
import io.weir.testing.KafkaProcess;
import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The reliability advisor of the packaged app against a real Kafka and a real RabbitMQ with
 * deliberately unsafe and safe objects: the unsafe ones are reported with their fix through the
 * API, the metrics and the page; the safe queue is not; an operator acknowledges a finding on the
 * page, which is audited and no longer counted. Screenshots go to target/screenshots.
 */
class AdvisorPageIT {

    private static final String PASSWORD = "advisor-page-password";
    private static final String OPERATOR_HASH = "$2a$10$/x/bUcuqq5.W23C0YIEBFeLbqG0QqeUZe02LrTAbHtA6ARu.0iSDO";
    private static final String VIEWER_HASH = "$2a$10$ep/LdMKBTtJ2XvVeTblgNuZSj31hIDn.F97O3ec.k82g7v9C9PlNm";
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String VHOST = "advisor-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String UNSAFE_QUEUE = "payments-unsafe";
    private static final String SAFE_QUEUE = "payments-safe";
    private static final String UNSAFE_TOPIC = "orders-unsafe";
    private static final String SAFE_TOPIC = "orders-safe";

    @TempDir
    static Path dir;
    private static KafkaProcess kafka;
    private static Connection rabbit;
    private static WeirProcess weir;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        TestServices.requireReachable("127.0.0.1", 15672, "the RabbitMQ management API");
        kafka = KafkaProcess.start(dir.resolve("kafka"), 29392, 29393);
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(
                    new NewTopic(UNSAFE_TOPIC, 1, (short) 1).configs(Map.of("unclean.leader.election.enable", "true")),
                    new NewTopic(SAFE_TOPIC, 1, (short) 1).configs(Map.of("unclean.leader.election.enable", "false"))))
                    .all().get();
        }
        management("PUT", "/api/vhosts/" + VHOST, "{}");
        management("PUT", "/api/permissions/" + VHOST + "/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        factory.setPort(TestServices.RABBITMQ_AMQP_PORT);
        factory.setUsername(TestServices.RABBITMQ_USER);
        factory.setPassword(TestServices.RABBITMQ_PASSWORD);
        factory.setVirtualHost(VHOST);
        rabbit = factory.newConnection("advisor-it");
        Channel safe = rabbit.createChannel();
        safe.exchangeDeclare(SAFE_QUEUE + ".dlx", "fanout", true);
        safe.queueDeclare(SAFE_QUEUE + ".dlq", true, false, false, Map.of("x-queue-type", "quorum"));
        safe.queueBind(SAFE_QUEUE + ".dlq", SAFE_QUEUE + ".dlx", "");
        safe.queueDeclare(SAFE_QUEUE, true, false, false, Map.of("x-queue-type", "quorum",
                "x-dead-letter-exchange", SAFE_QUEUE + ".dlx", "x-max-length", 10_000, "x-overflow", "reject-publish"));
        safe.basicQos(20);
        safe.basicConsume(SAFE_QUEUE, false, new DefaultConsumer(safe));
        Channel unsafe = rabbit.createChannel();
        unsafe.queueDeclare(UNSAFE_QUEUE, false, false, false, Map.of());
        unsafe.basicConsume(UNSAFE_QUEUE, true, new DefaultConsumer(unsafe));

        weir = WeirProcess.start(dir.resolve("weir"), Map.ofEntries(
                Map.entry("WEIR_ADMIN_PASSWORD", PASSWORD),
                Map.entry("WEIR_USERS_OTTO_PASSWORD_HASH", OPERATOR_HASH), Map.entry("WEIR_USERS_OTTO_ROLE", "operator"),
                Map.entry("WEIR_USERS_VERA_PASSWORD_HASH", VIEWER_HASH), Map.entry("WEIR_USERS_VERA_ROLE", "viewer"),
                Map.entry("WEIR_SOURCES_SHOP_KAFKA_KIND", "kafka"),
                Map.entry("WEIR_SOURCES_SHOP_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                Map.entry("WEIR_SOURCES_SHOP_KAFKA_POLL_INTERVAL", "2s"),
                // A busy shared machine once kept a poll of the local broker past the 5 s default.
                Map.entry("WEIR_SOURCES_SHOP_KAFKA_TIMEOUT", "15s"),
                Map.entry("WEIR_SOURCES_SHOP_RABBIT_KIND", "rabbitmq"),
                Map.entry("WEIR_SOURCES_SHOP_RABBIT_MANAGEMENT_URL", TestServices.RABBITMQ_MANAGEMENT_URL),
                Map.entry("WEIR_SOURCES_SHOP_RABBIT_USERNAME", TestServices.RABBITMQ_USER),
                Map.entry("WEIR_SOURCES_SHOP_RABBIT_PASSWORD", TestServices.RABBITMQ_PASSWORD),
                Map.entry("WEIR_SOURCES_SHOP_RABBIT_VHOST", VHOST),
                Map.entry("WEIR_SOURCES_SHOP_RABBIT_POLL_INTERVAL", "2s")));
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
        if (rabbit != null) {
            rabbit.close();
        }
        management("DELETE", "/api/vhosts/" + VHOST, null);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void unsafeObjectsAreReportedWithTheirFixAndSafeOnesAreNot() {
        JsonPath rabbitFindings = awaitFindings("shop-rabbit", VHOST + "/" + UNSAFE_QUEUE, "rabbitmq-auto-ack");
        Map<String, Object> noDeadLetters = finding(rabbitFindings, VHOST + "/" + UNSAFE_QUEUE, "rabbitmq-dead-letter-exchange");
        assertThat(noDeadLetters.get("severity")).isEqualTo("warning");
        assertThat((String) noDeadLetters.get("fix")).startsWith("rabbitmqctl set_policy -p " + VHOST + " dlx-" + UNSAFE_QUEUE);
        assertThat(finding(rabbitFindings, VHOST + "/" + UNSAFE_QUEUE, "rabbitmq-durable").get("severity")).isEqualTo("critical");
        assertThat(finding(rabbitFindings, VHOST + "/" + UNSAFE_QUEUE, "rabbitmq-auto-ack").get("evidence").toString())
                .contains("ack_required=false");
        assertThat(rabbitFindings.getList("findAll { it.object == '" + VHOST + "/" + SAFE_QUEUE + "' }.check"))
                .as("the durable quorum queue with a DLX, a limit and a manual-ack consumer with prefetch").isEmpty();
        assertThat(rabbitFindings.getList("findAll { it.object == '*' }.check")).containsExactly("rabbitmq-publisher-confirms");

        JsonPath kafkaFindings = awaitFindings("shop-kafka", UNSAFE_TOPIC, "kafka-unclean-leader-election");
        Map<String, Object> oneCopy = finding(kafkaFindings, UNSAFE_TOPIC, "kafka-replication-factor");
        assertThat(oneCopy.get("severity")).isEqualTo("critical");
        assertThat(oneCopy.get("evidence").toString()).isEqualTo("replication factor 1 on 1 partition(s); 1 broker(s) in the cluster");
        assertThat(oneCopy.get("fix").toString()).contains("kafka-reassign-partitions.sh --bootstrap-server " + kafka.bootstrapServers());
        assertThat(finding(kafkaFindings, UNSAFE_TOPIC, "kafka-unclean-leader-election").get("fix").toString())
                .endsWith("--entity-name " + UNSAFE_TOPIC + " --add-config unclean.leader.election.enable=false");
        // One broker cannot hold three copies: the safe topic still has the one finding no setting can fix here.
        assertThat(kafkaFindings.getList("findAll { it.object == '" + SAFE_TOPIC + "' }.check"))
                .containsExactly("kafka-replication-factor");

        assertThat(metrics()).contains("weir_advisor_findings{check=\"rabbitmq-durable\",severity=\"critical\",source=\"shop-rabbit\",} 1.0")
                .contains("weir_advisor_findings{check=\"kafka-replication-factor\",severity=\"critical\",source=\"shop-kafka\",} 2.0");

        api("vera", "viewer-password").body(Map.of("source", "shop-kafka", "object", UNSAFE_TOPIC,
                "check", "kafka-replication-factor", "reason", "viewers cannot")).post("/api/v1/advisor/acknowledgements")
                .then().statusCode(403);
        api("otto", "operator-password").body(Map.of("source", "shop-kafka", "object", UNSAFE_TOPIC,
                "check", "kafka-replication-factor", "reason", " ")).post("/api/v1/advisor/acknowledgements")
                .then().statusCode(400);
        JsonPath acknowledged = api("otto", "operator-password").body(Map.of("source", "shop-kafka", "object", SAFE_TOPIC,
                "check", "kafka-replication-factor", "reason", "single-broker test cluster")).post("/api/v1/advisor/acknowledgements")
                .then().statusCode(200).extract().jsonPath();
        assertThat(acknowledged.getString("acknowledgedBy")).isEqualTo("otto");
        assertThat(api("admin", PASSWORD).get("/api/v1/audit?action=advisor.acknowledge&object=" + SAFE_TOPIC)
                .then().statusCode(200).extract().jsonPath().getList("actor")).containsExactly("otto");
        browser.await("the acknowledged finding no longer counted", WAIT, d -> metrics().contains(
                "weir_advisor_findings{check=\"kafka-replication-factor\",severity=\"critical\",source=\"shop-kafka\",} 1.0"));
    }

    @Test
    void operatorSeesFindingsWorstFirstAndAcknowledgesOneOnThePage() throws Exception {
        awaitFindings("shop-rabbit", VHOST + "/" + UNSAFE_QUEUE, "rabbitmq-auto-ack");
        browser.signIn(weir.baseUrl(), "otto", "operator-password");
        WebDriver driver = browser.driver();
        driver.get(weir.baseUrl() + "/advisor");
        String noDlx = "[data-object='" + VHOST + "/" + UNSAFE_QUEUE + "'][data-check='rabbitmq-dead-letter-exchange']";
        browser.await("the unsafe queue's finding", WAIT, d -> !d.findElements(By.cssSelector(noDlx)).isEmpty());
        // the third source may be checked after the first two: the summary counts it when it is
        browser.await("the summary over all three sources", WAIT, d -> d.findElement(By.id("advisor-summary")).getText()
                .matches("\\d+ critical · \\d+ warning · \\d+ info · \\d+ acknowledged, on 3 source\\(s\\)"));
        List<String> severities = driver.findElements(By.cssSelector("[data-source='shop-rabbit'] .weir-finding")).stream()
                .map(e -> e.getAttribute("data-severity")).toList();
        assertThat(severities).first().isEqualTo("critical");
        assertThat(severities).isSortedAccordingTo((a, b) -> rank(a) - rank(b));
        assertThat(driver.findElements(By.cssSelector("[data-object='" + VHOST + "/" + SAFE_QUEUE + "']"))).isEmpty();
        WebElement finding = driver.findElement(By.cssSelector(noDlx));
        assertThat(finding.getText()).contains("No dead-letter exchange", "Evidence:", "Why it matters:", "(loss)",
                "Fix: rabbitmqctl set_policy -p " + VHOST);
        browser.screenshot("advisor-findings");

        WebElement acknowledge = finding.findElement(By.cssSelector(".advisor-acknowledge"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", acknowledge);
        acknowledge.click();
        browser.await("the acknowledge dialog", WAIT, d -> !d.findElements(By.cssSelector("#advisor-reason textarea")).isEmpty());
        driver.findElement(By.cssSelector("#advisor-reason textarea")).sendKeys("payments are replayed from the ledger");
        browser.await("the reason typed", WAIT, d -> "payments are replayed from the ledger".equals(
                d.findElement(By.cssSelector("#advisor-reason textarea")).getAttribute("value")));
        driver.findElement(By.id("advisor-confirm")).click();
        browser.await("the finding marked acknowledged", WAIT, d -> d.findElements(By.cssSelector(noDlx + ".weir-finding-acknowledged"))
                .stream().anyMatch(e -> e.getText().contains("ACKNOWLEDGED") && e.getText().contains("by otto")
                        && e.getText().contains("payments are replayed from the ledger")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});",
                driver.findElement(By.cssSelector(noDlx + ".weir-finding-acknowledged")));
        browser.screenshot("advisor-acknowledged");
        assertThat(api("admin", PASSWORD).get("/api/v1/audit?action=advisor.acknowledge&object=" + VHOST + "/" + UNSAFE_QUEUE)
                .then().statusCode(200).extract().jsonPath().getList("channel")).containsExactly("UI");
    }

    private static int rank(String severity) {
        return List.of("critical", "warning", "info").indexOf(severity);
    }

    /** Waits until the source's findings include the check on the object, and answers them all. */
    private static JsonPath awaitFindings(String source, String object, String check) {
        JsonPath[] found = new JsonPath[1];
        browser.await(check + " on " + object, WAIT, d -> {
            found[0] = api("vera", "viewer-password").get("/api/v1/advisor/findings?source=" + source)
                    .then().statusCode(200).extract().jsonPath();
            return !found[0].getList("findAll { it.object == '" + object + "' && it.check == '" + check + "' }").isEmpty();
        });
        return found[0];
    }

    private static Map<String, Object> finding(JsonPath findings, String object, String check) {
        List<Map<String, Object>> matching = findings.getList("findAll { it.object == '" + object + "' && it.check == '"
                + check + "' }");
        assertThat(matching).as(check + " on " + object).hasSize(1);
        return matching.get(0);
    }

    private static String metrics() {
        return RestAssured.given().baseUri(weir.baseUrl()).header("Accept", "text/plain").get("/q/metrics").asString();
    }

    private static RequestSpecification api(String user, String password) {
        return RestAssured.given().baseUri(weir.baseUrl()).auth().preemptive().basic(user, password)
                .contentType(ContentType.JSON);
    }

    private static void management(String method, String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString((TestServices.RABBITMQ_USER + ":" + TestServices.RABBITMQ_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestServices.RABBITMQ_MANAGEMENT_URL + path.replace(VHOST,
                        URLEncoder.encode(VHOST, StandardCharsets.UTF_8))))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isIn(201, 204);
    }
}
