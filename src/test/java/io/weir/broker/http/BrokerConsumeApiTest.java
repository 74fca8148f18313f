package io.weir.broker.http;

import static io.weir.broker.http.BrokerApi.BASE;
import static io.weir.broker.http.BrokerApi.asOperator;
import static io.weir.broker.http.BrokerApi.asViewer;
import static io.weir.broker.http.BrokerApi.createGroup;
import static io.weir.broker.http.BrokerApi.createTopic;
import static io.weir.broker.http.BrokerApi.describeGroup;
import static io.weir.broker.http.BrokerApi.publish;
import static io.weir.broker.http.BrokerApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Groups, consuming and operations through the broker's HTTP API, on the running test instance. */
@QuarkusTest
class BrokerConsumeApiTest {

    @Test
    void groupIsCreatedListedDescribedAndDeleted() {
        String topic = uniqueName("grouped");
        createTopic(topic, 2, Map.of());
        JsonPath created = asOperator().body(Map.of("name", "billing", "mode", "shared",
                        "config", Map.of("visibilityTimeoutMs", 5000, "maxAttempts", 3)))
                .post(BASE + "/topics/" + topic + "/groups").then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("mode")).isEqualTo("shared");
        assertThat(created.getLong("config.visibilityTimeoutMs")).isEqualTo(5000);
        assertThat(created.getInt("config.maxAttempts")).isEqualTo(3);
        assertThat(created.getLong("config.sessionTimeoutMs")).isEqualTo(30_000); // the configured default
        assertThat(created.getString("deadLetterTopic")).isEqualTo(topic + ".billing.dlq");

        publish(topic, List.of(Map.of("key", "a", "value", "1"), Map.of("key", "b", "value", "2"),
                Map.of("key", "c", "value", "3")));
        JsonPath described = describeGroup(topic, "billing");
        assertThat(described.getList("partitions.partition")).containsExactly(0, 1);
        assertThat(described.getList("partitions.committed", Long.class)).containsOnly(0L);
        assertThat(described.getLong("lag")).isEqualTo(3);
        assertThat(described.getInt("inFlight")).isZero();
        assertThat(described.getLong("deadLetters")).isZero();
        asViewer().get(BASE + "/topics/" + topic + "/groups").then().statusCode(200).body("group", hasItem("billing"));

        asOperator().body(Map.of("name", "billing", "mode", "shared")).post(BASE + "/topics/" + topic + "/groups")
                .then().statusCode(409);
        asOperator().body(Map.of("name", "other", "mode", "fifo")).post(BASE + "/topics/" + topic + "/groups")
                .then().statusCode(400).body("error", containsString("ordered"));
        asOperator().delete(BASE + "/topics/" + topic + "/groups/billing").then().statusCode(204);
        asViewer().get(BASE + "/topics/" + topic + "/groups/billing").then().statusCode(404)
                .body("error", equalTo("no group billing on topic " + topic));
        asViewer().get(BASE + "/topics/" + topic + "/groups").then().body("group", not(hasItem("billing")));
    }

    @Test
    void orderedConsumerFetchesCommitsAndLeaves() {
        String topic = uniqueName("ledger");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "audit", "ordered", Map.of());
        publish(topic, List.of(Map.of("key", "k", "value", "first", "headers", Map.of("h", "v")),
                Map.of("keyBase64", "gA==", "valueBase64", "/w==")));

        JsonPath fetched = fetch(topic, "audit", "c1", "");
        assertThat(fetched.getString("messages[0].key")).isEqualTo("k");
        assertThat(fetched.getString("messages[0].value")).isEqualTo("first");
        assertThat(fetched.getMap("messages[1]")).doesNotContainKeys("key", "value")
                .containsEntry("keyBase64", "gA==").containsEntry("valueBase64", "/w==");
        assertThat(fetched.getMap("messages[0].headers")).isEqualTo(Map.of("h", "v"));
        assertThat(fetched.getList("messages.offset", Long.class)).containsExactly(0L, 1L);
        assertThat(describeGroup(topic, "audit").getList("members")).containsExactly("c1");

        asOperator().body(Map.of("offsets", fetched.getMap("nextOffsets")))
                .post(BASE + "/topics/" + topic + "/groups/audit/commit?consumer=c1").then().statusCode(204);
        JsonPath group = describeGroup(topic, "audit");
        assertThat(group.getLong("partitions[0].committed")).isEqualTo(2);
        assertThat(group.getLong("lag")).isZero();
        assertThat(fetch(topic, "audit", "c1", "").getList("messages")).isEmpty();

        asOperator().body(Map.of("offsets", Map.of("0", 99)))
                .post(BASE + "/topics/" + topic + "/groups/audit/commit?consumer=c1").then().statusCode(400)
                .body("error", containsString("outside partition 0"));
        asOperator().body("{\"offsets\": {\"0\": null}}")
                .post(BASE + "/topics/" + topic + "/groups/audit/commit?consumer=c1").then().statusCode(400);
        asOperator().body(Map.of("offsets", Map.of("0", 1)))
                .post(BASE + "/topics/" + topic + "/groups/audit/commit?consumer=c1").then().statusCode(204);
        assertThat(describeGroup(topic, "audit").getLong("partitions[0].committed")).as("a late commit").isEqualTo(2);
        asOperator().delete(BASE + "/topics/" + topic + "/groups/audit/members/c1").then().statusCode(204);
        assertThat(describeGroup(topic, "audit").getList("members")).isEmpty();
    }

    @Test
    void aCommitFromAConsumerThatNoLongerOwnsThePartitionIsAConflict() {
        String topic = uniqueName("ledger");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "audit", "ordered", Map.of());
        publish(topic, List.of(Map.of("value", "first"), Map.of("value", "second")));
        JsonPath fetched = fetch(topic, "audit", "c1", "");
        asOperator().delete(BASE + "/topics/" + topic + "/groups/audit/members/c1").then().statusCode(204);

        asOperator().body(Map.of("offsets", fetched.getMap("nextOffsets")))
                .post(BASE + "/topics/" + topic + "/groups/audit/commit?consumer=c1").then().statusCode(409)
                .contentType(containsString("application/json")).body("status", equalTo(409))
                .body("error", containsString("commit refused: consumer c1 is not a member of group audit"));
        assertThat(describeGroup(topic, "audit").getLong("partitions[0].committed")).isZero();
    }

    @Test
    void longPollFetchAnswersAsSoonAsAMessageIsPublished() throws Exception {
        String topic = uniqueName("waiting");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "poller", "ordered", Map.of());
        Instant start = Instant.now();
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> fetch(topic, "poller", "c1", "&wait=20s"));
        Thread.sleep(500);
        assertThat(poll).isNotDone();
        publish(topic, List.of(Map.of("value", "wake up")));
        JsonPath answer = poll.get(10, TimeUnit.SECONDS);
        assertThat(answer.getList("messages.value")).containsExactly("wake up");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));


        Instant emptyStart = Instant.now();
        assertThat(fetch(topic, "poller", "c1", "&wait=300ms").getList("messages")).isEmpty();
        assertThat(Duration.between(emptyStart, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void longPollReceiveAnswersAsSoonAsAMessageIsPublished() throws Exception {
        String topic = uniqueName("queue");
        createTopic(topic, 2, Map.of());
        createGroup(topic, "workers", "shared", Map.of());
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> receive(topic, "workers", "w1", "&wait=20s"));
        Thread.sleep(500);
        assertThat(poll).isNotDone();
        Instant published = Instant.now();
        publish(topic, List.of(Map.of("value", "job")));
        assertThat(poll.get(10, TimeUnit.SECONDS).getList("deliveries.message.value")).containsExactly("job");
        assertThat(Duration.between(published, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void sharedConsumerAcksNacksAndDeadLettersAreReplayed() {
        String topic = uniqueName("jobs");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "workers", "shared", Map.of("maxAttempts", 2));
        publish(topic, List.of(Map.of("value", "good"), Map.of("value", "poison")));

        JsonPath received = receive(topic, "workers", "w1", "&max=10&base64=true");
        assertThat(received.getList("deliveries.message.valueBase64")).containsExactly(
                Base64.getEncoder().encodeToString("good".getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString("poison".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.getList("deliveries.attempt")).containsOnly(1);
        String good = received.getString("deliveries[0].receipt");
        String poison = received.getString("deliveries[1].receipt");
        assertThat(describeGroup(topic, "workers").getInt("inFlight")).isEqualTo(2);

        settle(topic, "workers", "ack", Map.of("receipts", List.of(good))).then().statusCode(200)
                .body("settled", equalTo(1));
        settle(topic, "workers", "ack", Map.of("receipts", List.of(good))).then().statusCode(200)
                .body("settled", equalTo(0)).body("stale", equalTo(List.of(good)));
        settle(topic, "workers", "nack", Map.of("receipts", List.of(poison), "reason", "cannot parse"))
                .then().statusCode(200).body("settled", equalTo(1));
        JsonPath again = receive(topic, "workers", "w1", "&wait=5s");
        assertThat(again.getInt("deliveries[0].attempt")).isEqualTo(2);
        settle(topic, "workers", "nack", Map.of("receipts", List.of(again.getString("deliveries[0].receipt")),
                "reason", "still cannot parse")).then().statusCode(200);

        JsonPath group = describeGroup(topic, "workers");
        assertThat(group.getLong("deadLetters")).isEqualTo(1);
        assertThat(group.getInt("inFlight")).isZero();
        JsonPath dlq = asViewer().get(BASE + "/topics/" + topic + ".workers.dlq").then().statusCode(200)
                .extract().jsonPath();
        assertThat(dlq.getLong("messages")).isEqualTo(1);

        asOperator().body(Map.of("mode", "move", "max", 10))
                .post(BASE + "/topics/" + topic + "/groups/workers/dead-letters/replay").then().statusCode(200)
                .body("replayed", equalTo(1));
        assertThat(describeGroup(topic, "workers").getLong("deadLetters")).isZero();
        JsonPath replayed = receive(topic, "workers", "w1", "&wait=5s");
        assertThat(replayed.getList("deliveries.message.value")).containsExactly("poison");
        assertThat(replayed.getInt("deliveries[0].attempt")).isEqualTo(1);

        settle(topic, "workers", "ack", Map.of("receipts", List.of("other/workers/0/0/1"))).then().statusCode(400);
        settle(topic, "workers", "ack", Map.of("receipts", List.of("not-a-receipt"))).then().statusCode(400);
    }

    @Test
    void groupOfTheOtherModeIsAConflict() {
        String topic = uniqueName("modes");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "shared-one", "shared", Map.of());
        createGroup(topic, "ordered-one", "ordered", Map.of());
        asOperator().post(BASE + "/topics/" + topic + "/groups/shared-one/fetch?consumer=c").then().statusCode(409)
                .body("error", containsString("use receive, ack and nack"));
        asOperator().post(BASE + "/topics/" + topic + "/groups/ordered-one/receive?consumer=c").then().statusCode(409);
        asOperator().post(BASE + "/topics/" + topic + "/groups/nobody/fetch?consumer=c").then().statusCode(404);
        asOperator().post(BASE + "/topics/" + topic + "/groups/ordered-one/fetch").then().statusCode(400)
                .body("error", equalTo("consumer is required"));
        asOperator().post(BASE + "/topics/" + topic + "/groups/ordered-one/fetch?consumer=c&wait=31s").then()
                .statusCode(400);
        asOperator().post(BASE + "/topics/" + topic + "/groups/ordered-one/fetch?consumer=c&max=0").then()
                .statusCode(400);
    }

    @Test
    void offsetResetIsPreviewedThenAppliedOnlyWithoutConsumers() {
        String topic = uniqueName("replayable");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "readers", "ordered", Map.of());
        publish(topic, List.of(Map.of("value", "a", "timestamp", "2026-01-01T00:00:00Z"),
                Map.of("value", "b", "timestamp", "2026-01-02T00:00:00Z"),
                Map.of("value", "c", "timestamp", "2026-01-03T00:00:00Z")));
        String offsets = BASE + "/topics/" + topic + "/groups/readers/offsets/";

        asViewer().body(Map.of("to", "latest")).post(offsets + "preview").then().statusCode(200)
                .body("partitions[0].before", equalTo(0)).body("partitions[0].after", equalTo(3));
        asViewer().body(Map.of("to", "timestamp", "timestamp", "2026-01-02T00:00:00Z")).post(offsets + "preview")
                .then().body("partitions[0].after", equalTo(1));
        asViewer().body(Map.of("to", "offset", "offset", 99)).post(offsets + "preview")
                .then().body("partitions[0].after", equalTo(3)).body("partitions[0].clamped", equalTo(true));
        asViewer().body(Map.of("to", "shift", "shift", 2)).post(offsets + "preview")
                .then().body("partitions[0].after", equalTo(2));
        asViewer().body(Map.of("to", "earliest")).post(offsets + "preview").then().body("partitions[0].after", equalTo(0));
        assertThat(describeGroup(topic, "readers").getLong("partitions[0].committed")).isZero();
        asViewer().body(Map.of("to", "latest")).post(offsets + "reset").then().statusCode(403);
        asViewer().body(Map.of("to", "sideways")).post(offsets + "preview").then().statusCode(400);
        asViewer().body(Map.of("to", "shift")).post(offsets + "preview").then().statusCode(400)
                .body("error", equalTo("shift is required"));

        asOperator().body(Map.of("to", "latest")).post(offsets + "reset").then().statusCode(200)
                .body("partitions[0].after", equalTo(3));
        assertThat(describeGroup(topic, "readers").getLong("lag")).isZero();

        fetch(topic, "readers", "c1", "");
        asOperator().body(Map.of("to", "earliest")).post(offsets + "reset").then().statusCode(409)
                .body("error", containsString("active consumers"));
        asOperator().delete(BASE + "/topics/" + topic + "/groups/readers/members/c1").then().statusCode(204);
        asOperator().body(Map.of("to", "earliest")).post(offsets + "reset").then().statusCode(200);
        assertThat(fetch(topic, "readers", "c1", "").getList("messages.value")).containsExactly("a", "b", "c");
    }

    private static JsonPath fetch(String topic, String group, String consumer, String query) {
        return asOperator().post(BASE + "/topics/" + topic + "/groups/" + group + "/fetch?consumer=" + consumer + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath receive(String topic, String group, String consumer, String query) {
        return asOperator().post(BASE + "/topics/" + topic + "/groups/" + group + "/receive?consumer=" + consumer + query)
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response settle(String topic, String group, String action, Object body) {
        return asOperator().body(body).post(BASE + "/topics/" + topic + "/groups/" + group + "/" + action);
    }
}
