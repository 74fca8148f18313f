package io.weir.broker.http;

import static io.restassured.RestAssured.given;
import static io.weir.broker.http.BrokerApi.BASE;
import static io.weir.broker.http.BrokerApi.asOperator;
import static io.weir.broker.http.BrokerApi.asViewer;
import static io.weir.broker.http.BrokerApi.createTopic;
import static io.weir.broker.http.BrokerApi.publish;
import static io.weir.broker.http.BrokerApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Topics, publishing, errors and authentication of the broker's HTTP API, on the running test instance. */
@QuarkusTest
class BrokerTopicsApiTest {

    @Test
    void topicIsCreatedListedDescribedAndDeleted() {
        String topic = uniqueName("orders");
        JsonPath created = asOperator()
                .body(Map.of("name", topic, "partitions", 3, "config", Map.of("retentionMs", 3_600_000,
                        "maxMessages", 1000, "whenFull", "block", "flushPolicy", "per-message")))
                .post(BASE + "/topics").then().statusCode(201).extract().jsonPath();
        assertThat(created.getList("partitions.partition")).containsExactly(0, 1, 2);
        assertThat(created.getLong("config.retentionMs")).isEqualTo(3_600_000);
        assertThat(created.getString("config.whenFull")).isEqualTo("block");
        assertThat(created.getString("config.flushPolicy")).isEqualTo("per-message");
        assertThat(created.getInt("config.dedupMaxIds")).isEqualTo(10_000); // the configured default

        publish(topic, List.of(Map.of("key", "a", "value", "one"), Map.of("key", "b", "value", "two")));
        JsonPath described = asViewer().get(BASE + "/topics/" + topic).then().statusCode(200).extract().jsonPath();
        assertThat(described.getLong("messages")).isEqualTo(2);
        assertThat(described.getLong("sizeBytes")).isPositive();
        assertThat(described.getList("partitions.startOffset", Long.class)).containsOnly(0L);
        assertThat(described.getList("partitions.endOffset", Long.class).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(2);
        asViewer().get(BASE + "/topics").then().statusCode(200).body("name", hasItem(topic));

        asOperator().delete(BASE + "/topics/" + topic).then().statusCode(204);
        asViewer().get(BASE + "/topics/" + topic).then().statusCode(404)
                .body("status", equalTo(404)).body("error", equalTo("no topic " + topic));
        asViewer().get(BASE + "/topics").then().body("name", not(hasItem(topic)));
    }

    @Test
    void topicWithoutSettingsTakesTheConfiguredDefaults() {
        String topic = uniqueName("plain");
        JsonPath created = asOperator().body(Map.of("name", topic)).post(BASE + "/topics")
                .then().statusCode(201).extract().jsonPath();
        assertThat(created.getList("partitions")).hasSize(1);
        assertThat(created.getString("config.flushPolicy")).isEqualTo("group-commit");
        assertThat(created.getLong("config.retentionMs")).isEqualTo(-1);
        assertThat(created.getString("config.whenFull")).isEqualTo("reject");
        assertThat(created.getLong("config.dedupWindowMs")).isEqualTo(600_000);
    }

    @Test
    void publishStoresTextAndBase64AndReportsDuplicates() {
        String topic = uniqueName("payments");
        createTopic(topic, 2, Map.of());
        JsonPath first = publish(topic, List.of(
                Map.of("key", "k1", "value", "hello", "headers", Map.of("source", "test"), "messageId", "m-1"),
                Map.of("valueBase64", "AAEC/w==")));
        assertThat(first.getList("results.duplicate")).containsExactly(false, false);
        JsonPath again = publish(topic, List.of(Map.of("key", "k1", "value", "hello", "messageId", "m-1")));
        assertThat(again.getBoolean("results[0].duplicate")).isTrue();
        assertThat(again.getInt("results[0].partition")).isEqualTo(first.getInt("results[0].partition"));
        assertThat(again.getLong("results[0].offset")).isEqualTo(first.getLong("results[0].offset"));
        asViewer().get(BASE + "/topics/" + topic).then().body("messages", equalTo(2));
    }

    @Test
    void badInputIsAnsweredWith400() {
        String topic = uniqueName("strict");
        createTopic(topic, 1, Map.of());
        asOperator().body(Map.of("name", "no spaces allowed")).post(BASE + "/topics").then().statusCode(400)
                .body("error", containsString("name must be"));
        asOperator().body(Map.of("name", uniqueName("t"), "partitions", 0)).post(BASE + "/topics")
                .then().statusCode(400).body("error", containsString("partitions"));
        asOperator().body(Map.of("name", uniqueName("t"), "config", Map.of("flushPolicy", "sometimes")))
                .post(BASE + "/topics").then().statusCode(400).body("error", containsString("per-message"));
        asOperator().body("{not json").post(BASE + "/topics").then().statusCode(400).body("status", equalTo(400));
        asOperator().body(Map.of("name", uniqueName("t"), "retentionMS", 1000)).post(BASE + "/topics").then()
                .statusCode(400).body("error", containsString("retentionMS"));
        asOperator().body(Map.of("messages", List.of())).post(BASE + "/topics/" + topic + "/messages")
                .then().statusCode(400).body("status", equalTo(400));
        asOperator().body(Map.of("messages", List.of(Map.of("valueBase64", "%%%"))))
                .post(BASE + "/topics/" + topic + "/messages").then().statusCode(400)
                .body("error", containsString("not valid base64"));
        asOperator().body(Map.of("messages", List.of(Map.of("key", "k"))))
                .post(BASE + "/topics/" + topic + "/messages").then().statusCode(400)
                .body("error", equalTo("a message needs value or valueBase64"));
    }

    @Test
    void messageLargerThanTheTopicAllowsIsABadRequestAndNothingIsStored() {
        String topic = uniqueName("tight");
        createTopic(topic, 1, Map.of("maxRecordBytes", 1024));
        asOperator().body(Map.of("messages", List.of(Map.of("value", "ok"), Map.of("value", "x".repeat(2000)))))
                .post(BASE + "/topics/" + topic + "/messages").then().statusCode(400)
                .body("error", containsString("exceeds maxRecordBytes 1024"));
        asViewer().get(BASE + "/topics/" + topic).then().body("messages", equalTo(0));
        publish(topic, List.of(Map.of("value", "ok")));
    }

    @Test
    void creatingAnExistingTopicIsAConflict() {
        String topic = uniqueName("twice");
        createTopic(topic, 1, Map.of());
        asOperator().body(Map.of("name", topic)).post(BASE + "/topics").then().statusCode(409)
                .body("error", equalTo("topic " + topic + " already exists"));
    }

    @Test
    void publishBeyondTheBacklogLimitIsRefusedWith429() {
        String topic = uniqueName("small");
        createTopic(topic, 1, Map.of("maxMessages", 2));
        publish(topic, List.of(Map.of("value", "1"), Map.of("value", "2")));
        asOperator().body(Map.of("messages", List.of(Map.of("value", "3"))))
                .post(BASE + "/topics/" + topic + "/messages").then().statusCode(429)
                .body("error", containsString("is full"));
        asViewer().get(BASE + "/topics/" + topic).then().body("messages", equalTo(2));
    }

    @Test
    void publishThatCannotBeMadeDurableIsAnswered503() throws IOException {
        String topic = uniqueName("doomed");
        createTopic(topic, 1, Map.of("segmentBytes", 1024));
        String kilobyteHalf = "x".repeat(700);
        publish(topic, List.of(Map.of("value", kilobyteHalf)));
        // The next message needs a new segment; with its directory gone the log cannot create it.
        deleteTree(Path.of(ConfigProvider.getConfig().getValue("weir.data-dir", String.class),
                "broker", "topics", topic, "partition-0"));
        asOperator().body(Map.of("messages", List.of(Map.of("value", kilobyteHalf))))
                .post(BASE + "/topics/" + topic + "/messages").then().statusCode(503)
                .body("error", containsString("not durable"));
        asOperator().delete(BASE + "/topics/" + topic).then().statusCode(204);
    }

    @Test
    void apiNeedsSignInAndChangesNeedTheOperatorRole() {
        String topic = uniqueName("guarded");
        given().get(BASE + "/topics").then().statusCode(401);
        asViewer().body(Map.of("name", topic)).post(BASE + "/topics").then().statusCode(403);
        createTopic(topic, 1, Map.of());
        asViewer().get(BASE + "/topics/" + topic).then().statusCode(200);
        asViewer().body(Map.of("messages", List.of(Map.of("value", "v")))).post(BASE + "/topics/" + topic + "/messages")
                .then().statusCode(403);
        asViewer().delete(BASE + "/topics/" + topic).then().statusCode(403);
        asViewer().body(Map.of("name", "g", "mode", "ordered")).post(BASE + "/topics/" + topic + "/groups")
                .then().statusCode(403);
        asViewer().post(BASE + "/topics/" + topic + "/groups/g/fetch?consumer=c").then().statusCode(403);
    }

    @Test
    void publishesShowUpInTheBrokersFsyncCounters() {
        double fsyncs = counter("weir_broker_fsyncs_total");
        double seconds = counter("weir_broker_fsync_seconds_total");
        String topic = uniqueName("counted");
        createTopic(topic, 1, Map.of("flushPolicy", "per-message"));
        publish(topic, List.of(Map.of("value", "1")));
        publish(topic, List.of(Map.of("value", "2")));

        assertThat(counter("weir_broker_fsyncs_total")).isGreaterThanOrEqualTo(fsyncs + 2);
        assertThat(counter("weir_broker_fsync_seconds_total")).isGreaterThan(seconds);
    }

    private static double counter(String name) {
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1))
                .mapToDouble(Double::parseDouble).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in /q/metrics"));
    }

    @Test
    void openApiDocumentListsTheBrokerPaths() {
        JsonPath doc = asViewer().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys(BASE + "/topics", BASE + "/topics/{topic}", BASE + "/topics/{topic}/messages",
                BASE + "/topics/{topic}/groups", BASE + "/topics/{topic}/groups/{group}",
                BASE + "/topics/{topic}/groups/{group}/fetch", BASE + "/topics/{topic}/groups/{group}/commit",
                BASE + "/topics/{topic}/groups/{group}/receive", BASE + "/topics/{topic}/groups/{group}/ack",
                BASE + "/topics/{topic}/groups/{group}/nack", BASE + "/topics/{topic}/groups/{group}/offsets/preview",
                BASE + "/topics/{topic}/groups/{group}/offsets/reset",
                BASE + "/topics/{topic}/groups/{group}/dead-letters/replay");
        assertThat(doc.getMap("paths.'" + BASE + "/topics/{topic}/messages'.post.responses")).containsKeys("200", "429", "503", "507");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
