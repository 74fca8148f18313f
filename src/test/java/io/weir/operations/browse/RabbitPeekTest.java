package io.weir.operations.browse;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peeking at RabbitMQ queues through the API against the shared RabbitMQ: dead letters made real
 * by rejecting messages of a queue with a dead-letter exchange, their x-death decoded, the queue's
 * message count unchanged by the peek, the redelivered flag it leaves, the kinds of queue refused
 * with a reason, a viewer refused, and the audit entries.
 */
@QuarkusTest
class RabbitPeekTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String work = "peek-work-" + run;
    private final String dlq = "peek-dlq-" + run;
    private final String dlx = "peek-dlx-" + run;
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void workQueueWithThreeRejectedMessages() throws Exception {
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "the shared RabbitMQ");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        factory.setPort(TestServices.RABBITMQ_AMQP_PORT);
        factory.setUsername(TestServices.RABBITMQ_USER);
        factory.setPassword(TestServices.RABBITMQ_PASSWORD);
        connection = factory.newConnection("weir-peek-test");
        channel = connection.createChannel();
        channel.exchangeDeclare(dlx, "fanout", true);
        channel.queueDeclare(dlq, true, false, false, Map.of());
        channel.queueBind(dlq, dlx, "");
        channel.queueDeclare(work, true, false, false, Map.of("x-dead-letter-exchange", dlx));
        channel.confirmSelect();
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", work, new AMQP.BasicProperties.Builder().messageId("m" + i).contentType("application/json")
                    .timestamp(java.util.Date.from(Instant.parse("2026-01-02T03:04:05Z"))).build(),
                    ("{\"order\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(10_000);
        for (int i = 0; i < 3; i++) {
            GetResponse got = channel.basicGet(work, false);
            channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (channel.messageCount(dlq) < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(channel.messageCount(dlq)).isEqualTo(3);
    }

    @AfterEach
    void deleteQueues() throws Exception {
        channel.queueDelete(work);
        channel.queueDelete(dlq);
        channel.exchangeDelete(dlx);
        connection.close();
    }

    @Test
    void aPeekShowsDeadLettersDecodedAndLeavesTheQueueAsFullAsBefore() throws Exception {
        JsonPath peek = operator().body(Map.of("count", 2)).post(path(dlq)).then().statusCode(200).extract().jsonPath();

        assertThat(peek.getList("messages")).hasSize(2);
        assertThat(peek.getString("queueType")).isEqualTo("classic");
        assertThat(peek.getString("warning")).contains("redelivered", "order");
        assertThat(peek.getList("messages.position", Integer.class)).containsExactly(0, 1);
        assertThat(peek.getList("messages.redelivered", Boolean.class)).containsExactly(false, false);
        assertThat(peek.getString("messages[0].exchange")).isEqualTo(dlx);
        assertThat(peek.getString("messages[0].routingKey")).isEqualTo(work);
        assertThat(peek.getLong("messages[0].messageCount")).isEqualTo(2);
        assertThat(peek.getString("messages[0].properties.message_id")).isEqualTo("m0");
        assertThat(peek.getString("messages[0].message.valueText")).isEqualTo("{\"order\":0}");
        assertThat(peek.getString("messages[0].message.timestamp")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(peek.getString("messages[0].message.headers.x-first-death-queue")).isEqualTo(work);
        assertThat(peek.getString("messages[0].message.deadLetter.format")).isEqualTo("rabbitmq");
        assertThat(peek.getString("messages[0].message.deadLetter.destination")).isEqualTo(work);
        assertThat(peek.getString("messages[0].message.deadLetter.reason")).isEqualTo("rejected");
        assertThat(peek.getInt("messages[0].message.deadLetter.attempts")).isEqualTo(1);
        assertThat(Instant.parse(peek.getString("messages[0].message.deadLetter.time")))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));

        assertThat(channel.messageCount(dlq)).isEqualTo(3);
        JsonPath again = operator().body(Map.of("count", 3)).post(path(dlq)).then().statusCode(200).extract().jsonPath();
        assertThat(again.getList("messages.redelivered", Boolean.class)).containsExactly(true, true, false);
        assertThat(channel.messageCount(dlq)).isEqualTo(3);

        JsonPath audit = operator().get("/api/v1/audit?source=rabbit&action=browse.peek&object=" + dlq).then()
                .statusCode(200).extract().jsonPath();
        assertThat(audit.getList("result")).containsExactly("OK", "OK");
        assertThat(audit.getString("[1].parameters")).contains("\"count\":2");
        assertThat(audit.getString("[1].actor")).isEqualTo("admin");
    }

    @Test
    void streamsAndExclusiveQueuesAreRefusedWithTheReasonAndNothingIsTaken() throws Exception {
        String stream = "peek-stream-" + run;
        channel.queueDeclare(stream, true, false, false, Map.of("x-queue-type", "stream"));
        String exclusive = channel.queueDeclare("peek-exclusive-" + run, false, true, true, Map.of()).getQueue();
        channel.basicPublish("", exclusive, null, "mine".getBytes(StandardCharsets.UTF_8));
        try {
            operator().body(Map.of("count", 1)).post(path(stream)).then().statusCode(409)
                    .body("error", containsString("is a stream"));
            operator().body(Map.of("count", 1)).post(path(exclusive)).then().statusCode(409)
                    .body("error", containsString("exclusive to the connection"));
            assertThat(channel.messageCount(exclusive)).isEqualTo(1);
            JsonPath audit = operator().get("/api/v1/audit?source=rabbit&action=browse.peek&object=" + run).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(audit.getList("result")).containsExactly("REFUSED", "REFUSED");
        } finally {
            channel.queueDelete(stream);
        }
    }

    @Test
    void aViewerMayNotPeekBecausePeekingChangesTheQueue() throws Exception {
        given().auth().preemptive().basic("vera", "viewer-password").contentType("application/json")
                .body(Map.of("count", 1)).post(path(dlq)).then().statusCode(403)
                .body("error", containsString("operator role"));
        assertThat(channel.messageCount(dlq)).isEqualTo(3);
        // The qualified name vhost/queue, with the slashes encoded: the default vhost "/" gives "//queue".
        operator().urlEncodingEnabled(false).body(Map.of("count", 1)).post(path("%2F%2F" + dlq)).then().statusCode(200);
        operator().body(Map.of("count", 0)).post(path(dlq)).then().statusCode(400);
        operator().body(Map.of("count", 1)).post(path("no-such-queue-" + run)).then().statusCode(404);
    }

    @Test
    void aPeekHidesThePayloadsOfAQueueTheSourceMarksSensitive() throws Exception {
        String secret = "peek-secret-" + run;
        channel.queueDeclare(secret, false, false, true, Map.of());
        channel.basicPublish("", secret, new AMQP.BasicProperties.Builder().messageId("s1").build(),
                "card 4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(10_000);
        try {
            JsonPath peek = operator().body(Map.of("count", 1)).post(path(secret)).then().statusCode(200).extract().jsonPath();
            assertThat(peek.getString("messages[0].properties.message_id")).isEqualTo("s1");
            assertThat(peek.getBoolean("messages[0].message.hidden")).isTrue();
            assertThat(peek.getString("messages[0].message.valueText")).isNull();
            assertThat(peek.getInt("messages[0].message.size")).isEqualTo(24);
            JsonPath open = operator().body(Map.of("count", 1)).post(path(dlq)).then().statusCode(200).extract().jsonPath();
            assertThat(open.getString("messages[0].message.valueText")).isEqualTo("{\"order\":0}");
        } finally {
            channel.queueDelete(secret);
        }
    }

    @Test
    void kafkaTopicsAreBrowsedNotPeeked() {
        operator().body(Map.of("count", 1)).post("/api/v1/sources/kafka/queues/anything/peek").then().statusCode(404)
                .body("error", containsString("browse its topics"));
    }

    private static String path(String queue) {
        return "/api/v1/sources/rabbit/queues/" + queue + "/peek";
    }

    /** The test profile's admin, who holds the operator role too. */
    private static RequestSpecification operator() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType("application/json");
    }
}
