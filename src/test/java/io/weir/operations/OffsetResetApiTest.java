package io.weir.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offset resets through the REST API against the real Kafka of the test services: every mode,
 * plans that change nothing, applies read back, clamps, a refusal while the group has a member,
 * creating a new group's offsets, an undo, and an audit entry for each step with the chain intact.
 */
@QuarkusTest
class OffsetResetApiTest {

    private static final int PER_PARTITION = 10;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "reset-" + run;
    private final String group = "reset-group-" + run;
    private final Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    private Admin admin;

    @BeforeEach
    void topicWithAGroupAtEight() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        admin = Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        Properties props = new Properties();
        props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    // The first half two hours old, the second half ten minutes old.
                    Instant at = i < 5 ? twoHoursAgo.plusSeconds(i) : Instant.now().minus(Duration.ofMinutes(10)).plusSeconds(i);
                    producer.send(new ProducerRecord<>(topic, partition, at.toEpochMilli(), "k" + i, "v" + i)).get();
                }
            }
        }
        commit(group, 8, 8);
    }

    @AfterEach
    void deleteTopic() throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
        admin.close();
    }

    @Test
    void aPlanShowsEachPartitionsMoveAndChangesNothing() throws Exception {
        JsonPath plan = plan(Map.of("mode", "to-earliest"), 200);

        assertThat(plan.getList("partitions.partition", Integer.class)).containsExactly(0, 1);
        assertThat(plan.getList("partitions.current", Long.class)).containsExactly(8L, 8L);
        assertThat(plan.getList("partitions.next", Long.class)).containsExactly(0L, 0L);
        assertThat(plan.getList("partitions.reread", Long.class)).containsExactly(8L, 8L);
        assertThat(plan.getList("partitions.lagBefore", Long.class)).containsExactly(2L, 2L);
        assertThat(plan.getList("partitions.lagAfter", Long.class)).containsExactly(10L, 10L);
        assertThat(plan.getString("refusal")).isNull();
        assertThat(plan.getString("csv")).isEqualTo("topic,partition,offset\n" + topic + ",0,0\n" + topic + ",1,0\n");
        assertThat(committed(group)).containsExactly(8L, 8L);
    }

    @Test
    void everyModeTargetsWhatKafkasToolWould() throws Exception {
        assertThat(nexts(Map.of("mode", "to-latest"))).containsExactly(10L, 10L);
        assertThat(nexts(Map.of("mode", "to-current"))).containsExactly(8L, 8L);
        assertThat(nexts(Map.of("mode", "shift-by", "shift", -3))).containsExactly(5L, 5L);
        assertThat(nexts(Map.of("mode", "to-offset", "offset", 4))).containsExactly(4L, 4L);
        assertThat(nexts(Map.of("mode", "to-datetime", "dateTime", twoHoursAgo.plusSeconds(2).toString()))).containsExactly(2L, 2L);
        assertThat(nexts(Map.of("mode", "by-duration", "duration", "1h"))).containsExactly(5L, 5L);
        assertThat(nexts(Map.of("mode", "from-file", "csv", topic + ",1,3\n"))).containsExactly(3L);
        commit("other-" + group, 6, 7);
        assertThat(nexts(Map.of("mode", "from-group", "fromGroup", "other-" + group))).containsExactly(6L, 7L);
        assertThat(nexts(Map.of("mode", "to-earliest", "partitions", List.of(Map.of("topic", topic, "partition", 1)))))
                .containsExactly(0L);
    }

    @Test
    void targetsOutsideTheStoredRangeAreClampedAndSaySo() {
        JsonPath plan = plan(Map.of("mode", "shift-by", "shift", 100), 200);

        assertThat(plan.getList("partitions.requested", Long.class)).containsExactly(108L, 108L);
        assertThat(plan.getList("partitions.next", Long.class)).containsExactly(10L, 10L);
        assertThat(plan.getList("partitions.clamp", String.class)).allMatch(clamp -> clamp.equals("past the end offset 10"));
        assertThat(plan.getList("warnings", String.class)).contains("2 partition(s) clamped to the stored range");
    }

    @Test
    void applyCommitsReadsBackAndIsAuditedWithTheOffsetsBeforeAndAfter() throws Exception {
        JsonPath applied = apply(Map.of("mode", "by-duration", "duration", "PT1H"), 200);

        assertThat(applied.getBoolean("matchesPlan")).isTrue();
        assertThat(applied.getList("readBack.offset", Long.class)).containsExactly(5L, 5L);
        assertThat(committed(group)).containsExactly(5L, 5L);
        JsonPath entry = operator().get("/api/v1/audit/" + "?source=kafka&object=" + group + "&action=offset-reset.apply")
                .then().statusCode(200).extract().jsonPath();
        assertThat(entry.getString("[0].result")).isEqualTo("OK");
        assertThat(entry.getString("[0].actor")).isEqualTo("admin");
        assertThat(entry.getString("[0].channel")).isEqualTo("API");
        assertThat(entry.getString("[0].before")).isEqualTo("{\"" + topic + "-0\":8,\"" + topic + "-1\":8}");
        assertThat(entry.getString("[0].after")).isEqualTo("{\"" + topic + "-0\":5,\"" + topic + "-1\":5}");
        assertThat(entry.getLong("[0].id")).isEqualTo(applied.getLong("auditId"));
        operator().get("/api/v1/audit/verify").then().statusCode(200).body("intact", org.hamcrest.Matchers.is(true));
    }

    @Test
    void anUndoRestoresTheOffsetsAResetReplaced() throws Exception {
        long auditId = apply(Map.of("mode", "to-earliest"), 200).getLong("auditId");
        assertThat(committed(group)).containsExactly(0L, 0L);

        Map<String, Object> undo = operator().get("/api/v1/audit/" + auditId + "/undo").then().statusCode(200)
                .extract().jsonPath().getMap("");
        undo.values().removeIf(value -> value == null);
        assertThat(plan(undo, 200).getList("partitions.next", Long.class)).containsExactly(8L, 8L);
        apply(undo, 200);
        assertThat(committed(group)).containsExactly(8L, 8L);
    }

    @Test
    void aGroupWithAnActiveMemberIsRefusedNamingItAndKeepsItsOffsets() throws Exception {
        try (KafkaConsumer<String, String> member = member()) {
            JsonPath plan = plan(Map.of("mode", "to-earliest"), 200);
            assertThat(plan.getString("refusal")).contains("1 active member(s)", "127.0.0.1", "Stop its consumers");
            assertThat(plan.getList("members.host", String.class)).containsExactly("127.0.0.1");

            operator().body(Map.of("mode", "to-earliest")).post(path("apply")).then().statusCode(409)
                    .body("error", containsString("active member"));
            assertThat(committed(group)).containsExactly(8L, 8L);
        }
        JsonPath refused = operator().get("/api/v1/audit?object=" + group + "&action=offset-reset.apply").then()
                .extract().jsonPath();
        assertThat(refused.getString("[0].result")).isEqualTo("REFUSED");
    }

    @Test
    void offsetsAreCreatedForAGroupThatHasNone() throws Exception {
        String fresh = "fresh-" + group;
        operator().body(Map.of("mode", "to-offset", "offset", 3, "topics", List.of(topic)))
                .post("/api/v1/sources/kafka/groups/" + fresh + "/offsets/apply").then().statusCode(200);

        assertThat(committed(fresh)).containsExactly(3L, 3L);
    }

    @Test
    void wrongRequestsSayWhatIsWrong() {
        assertThat(plan(Map.of("mode", "sideways"), 400).getString("error")).contains("unknown mode 'sideways'");
        assertThat(plan(Map.of("mode", "to-datetime"), 400).getString("error")).isEqualTo("mode to-datetime needs dateTime");
        assertThat(plan(Map.of("mode", "by-duration", "duration", "an hour"), 400).getString("error"))
                .contains("duration must be like 90s");
        assertThat(plan(Map.of("mode", "from-file", "csv", topic + ",x,3"), 400).getString("error"))
                .contains("line 1", "whole numbers");
        assertThat(plan(Map.of("mode", "from-file", "csv", topic + ",7,3"), 400).getString("error"))
                .contains("partitions that do not exist");
        operator().body(Map.of("mode", "to-earliest")).post("/api/v1/sources/nowhere/groups/g/offsets/plan")
                .then().statusCode(404).body("error", containsString("no source named 'nowhere'"));
        operator().body(Map.of("mode", "to-earliest")).post("/api/v1/sources/rabbit/groups/g/offsets/plan")
                .then().statusCode(404).body("error", containsString("no consumer-group offsets"));
    }

    @Test
    void aViewerMayNotPlanOrApply() {
        given().auth().preemptive().basic("vera", "viewer-password").contentType("application/json")
                .body(Map.of("mode", "to-earliest")).post(path("plan")).then().statusCode(403);
    }

    private List<Long> nexts(Map<String, Object> body) {
        return plan(body, 200).getList("partitions.next", Long.class);
    }

    private JsonPath plan(Map<String, Object> body, int status) {
        return operator().body(body).post(path("plan")).then().statusCode(status).extract().jsonPath();
    }

    private JsonPath apply(Map<String, Object> body, int status) {
        return operator().body(body).post(path("apply")).then().statusCode(status).extract().jsonPath();
    }

    private String path(String step) {
        return "/api/v1/sources/kafka/groups/" + group + "/offsets/" + step;
    }

    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType("application/json");
    }

    private void commit(String groupId, long first, long second) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsets.put(new TopicPartition(topic, 0), new OffsetAndMetadata(first));
        offsets.put(new TopicPartition(topic, 1), new OffsetAndMetadata(second));
        admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
    }

    private List<Long> committed(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.partition(), b.partition())))
                .map(e -> e.getValue().offset()).toList();
    }

    private KafkaConsumer<String, String> member() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.KAFKA_BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
        }
        assertThat(consumer.assignment()).as("the member joined").isNotEmpty();
        return consumer;
    }
}
