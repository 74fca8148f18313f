package io.weir.operations.purge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.broker.Broker;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.testing.TestServices;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Purges through the REST API against the real brokers (the shared Kafka and RabbitMQ, the
 * built-in broker of the test process): the preview counts and changes nothing, the purge removes
 * what it counted and says so in the audit log; operators and viewers, a wrong confirmation and
 * a missing one are refused and audited.
 */
@QuarkusTest
class PurgeApiTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    EmbeddedBroker embedded;

    @Test
    void aKafkaTopicIsPurgedToTheEndOfEveryPartition() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        String topic = "purge-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            Properties props = new Properties();
            props.put("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 7; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i)).get();
                }
            }
            try {
                JsonPath plan = admin().get(path("kafka", topic)).then().statusCode(200).extract().jsonPath();
                assertThat(plan.getLong("messages")).isEqualTo(7);
                assertThat(plan.getString("refusal")).isNull();

                JsonPath done = admin().body(Map.of("confirm", topic)).post(path("kafka", topic)).then().statusCode(200)
                        .extract().jsonPath();

                assertThat(done.getLong("before")).isEqualTo(7);
                assertThat(done.getLong("after")).isZero();
                assertThat(done.getLong("removed")).isEqualTo(7);
                for (int p = 0; p < 2; p++) {
                    TopicPartition partition = new TopicPartition(topic, p);
                    long start = admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset();
                    long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
                    assertThat(start).isEqualTo(end).isPositive();
                }
                JsonPath audit = admin().get("/api/v1/audit?source=kafka&object=" + topic).then().statusCode(200)
                        .extract().jsonPath();
                assertThat(audit.getList("action")).containsExactly("purge.apply", "purge.preview");
                assertThat(audit.getString("[0].before")).isEqualTo("{\"messages\":7}");
                assertThat(audit.getString("[0].after")).isEqualTo("{\"messages\":0,\"removed\":7}");
                assertThat(audit.getString("[0].result")).isEqualTo("OK");
                assertThat(audit.getString("[0].actor")).isEqualTo("admin");
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    @Test
    void aRabbitMqQueueIsPurgedOfItsReadyMessages() throws Exception {
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "the shared RabbitMQ");
        String queue = "purge-" + run;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        factory.setUsername(TestServices.RABBITMQ_USER);
        factory.setPassword(TestServices.RABBITMQ_PASSWORD);
        try (Connection connection = factory.newConnection("weir-purge-test")) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(queue, true, false, false, Map.of());
            try {
                for (int i = 0; i < 5; i++) {
                    channel.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
                }
                // The management API counts queues every few seconds: wait until it has counted these.
                long deadline = System.currentTimeMillis() + 15_000;
                long counted = -1;
                while (counted != 5 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(250);
                    counted = admin().get(path("rabbit", queue)).then().statusCode(200).extract().jsonPath().getLong("messages");
                }
                assertThat(counted).isEqualTo(5);

                JsonPath done = admin().body(Map.of("confirm", queue)).post(path("rabbit", queue)).then().statusCode(200)
                        .extract().jsonPath();

                assertThat(done.getLong("before")).isEqualTo(5);
                assertThat(done.getLong("removed")).isEqualTo(5);
                assertThat(done.getLong("after")).isIn(0L, -1L);
                assertThat(channel.messageCount(queue)).isZero();
                assertThat(admin().get("/api/v1/audit?source=rabbit&action=purge.apply&object=" + queue).then()
                        .extract().jsonPath().getString("[0].before")).isEqualTo("{\"messages\":5}");
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    @Test
    void aBuiltinDeadLetterTopicIsPurgedAndItsGroupHasNothingPending() throws Exception {
        Broker broker = embedded.broker().orElseThrow();
        String topic = "purge-" + run;
        broker.createTopic(topic, TopicConfig.partitions(1));
        broker.createGroup(topic, "workers", GroupConfig.shared(Duration.ofSeconds(30), 1));
        broker.publish(topic, List.of(OutgoingMessage.keyed("a", "one"), OutgoingMessage.keyed("b", "two")));
        for (Delivery d : broker.receive(topic, "workers", "w", 10, Duration.ZERO)) {
            broker.nack(d.receipt(), "failed");
        }
        String dlq = topic + ".workers.dlq";
        assertThat(broker.describeGroup(topic, "workers").deadLetters()).isEqualTo(2);

        assertThat(admin().body(Map.of("dryRun", true)).post(path("builtin", dlq)).then().statusCode(200)
                .extract().jsonPath().getLong("messages")).isEqualTo(2);
        JsonPath done = admin().body(Map.of("confirm", dlq)).post(path("builtin", dlq)).then().statusCode(200)
                .extract().jsonPath();

        assertThat(done.getLong("removed")).isEqualTo(2);
        assertThat(done.getLong("after")).isZero();
        assertThat(broker.describeGroup(topic, "workers").deadLetters()).isZero();
        assertThat(broker.describeTopic(dlq).messages()).isZero();
        broker.deleteTopic(dlq);
        broker.deleteTopic(topic);
    }

    @Test
    void onlyAnAdminWhoTypesTheNameExactlyMayPurgeAndEveryRefusalIsAudited() throws Exception {
        Broker broker = embedded.broker().orElseThrow();
        String topic = "purge-refused-" + run;
        broker.createTopic(topic, TopicConfig.partitions(1));
        broker.publish(topic, List.of(OutgoingMessage.keyed("a", "kept")));
        try {
            as("otto", "operator-password").body(Map.of("confirm", topic)).post(path("builtin", topic)).then()
                    .statusCode(403).body("error", containsString("only an admin"));
            as("vera", "viewer-password").body(Map.of("confirm", topic)).post(path("builtin", topic)).then()
                    .statusCode(403);
            assertThat(as("otto", "operator-password").get(path("builtin", topic)).then().statusCode(200).extract()
                    .jsonPath().getString("refusal")).contains("only an admin");
            admin().body(Map.of("confirm", topic.toUpperCase())).post(path("builtin", topic)).then().statusCode(400)
                    .body("error", containsString("exactly"));
            admin().body(Map.of()).post(path("builtin", topic)).then().statusCode(400);
            admin().body(Map.of("confirm", "no-such-topic-" + run)).post(path("builtin", "no-such-topic-" + run)).then()
                    .statusCode(404);

            assertThat(broker.describeTopic(topic).messages()).isEqualTo(1);
            JsonPath audit = admin().get("/api/v1/audit?source=builtin&action=purge.apply&object=" + topic).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(audit.getList("result")).containsExactly("REFUSED", "REFUSED", "REFUSED", "REFUSED");
            assertThat(audit.getList("actor")).containsExactly("admin", "admin", "vera", "otto");
            admin().get("/api/v1/audit/verify").then().statusCode(200).body("intact", org.hamcrest.Matchers.is(true));
        } finally {
            broker.deleteTopic(topic);
        }
    }

    private static String path(String source, String queue) {
        return "/api/v1/sources/" + source + "/queues/" + queue + "/purge";
    }

    private static RequestSpecification admin() {
        return as("admin", "test-admin-password");
    }

    private static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password).contentType("application/json");
    }
}
