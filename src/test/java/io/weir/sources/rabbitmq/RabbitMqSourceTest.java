package io.weir.sources.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.weir.core.BrokerSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.monitor.lag.BacklogTrend;
import io.weir.monitor.lag.LagTracker;
import io.weir.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only RabbitMQ sources report, against the shared node. */
class RabbitMqSourceTest {

    /** The statistics interval (5 s) plus the time a rate needs to show in it. */
    private static final Duration SETTLE = Duration.ofSeconds(20);
    // HTTP/1.1: the management API (cowboy) can drop a request that asks to upgrade to HTTP/2.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RabbitMqFixture fixture;
    private String prefix;

    @BeforeAll
    static void requireRabbitMq() {
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "RabbitMQ (AMQP)");
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, 15672, "the RabbitMQ management API");
    }

    @BeforeEach
    void openFixture() throws Exception {
        fixture = new RabbitMqFixture();
        prefix = "weir-rabbit-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeFixture() throws Exception {
        fixture.close();
    }

    @Test
    void nodesReportTheirResourceFigures() throws Exception {
        BrokerSnapshot snapshot = fixture.source().read();

        assertThat(snapshot.health().nodes()).isNotEmpty().allSatisfy(node -> {
            assertThat(node.up()).isTrue();
            assertThat(node.alarms()).isEmpty();
            assertThat(node.memoryUsedBytes()).isPositive();
            assertThat(node.memoryLimitBytes()).isPositive();
            assertThat(node.diskFreeBytes()).isPositive();
            assertThat(node.diskFreeLimitBytes()).isPositive();
            assertThat(node.fileDescriptorsUsed()).isPositive();
            assertThat(node.fileDescriptorsLimit()).isPositive();
            // RabbitMQ 3.10 reports 0 sockets in use even with AMQP connections open: only the limit is telling.
            assertThat(node.socketsUsed()).isNotNegative();
            assertThat(node.socketsLimit()).isPositive();
        });
        assertThat(snapshot.health().alarms()).isEmpty();
        assertThat(snapshot.groups()).isEmpty();
    }

    @Test
    void healthChecksPassOnAHealthyNodeAndOnlyThoseTheServerHasAreListed() throws Exception {
        BrokerSnapshot snapshot = fixture.source().read();

        assertThat(snapshot.health().checks()).containsEntry("alarms", true)
                .containsEntry("port-listener/" + TestServices.RABBITMQ_AMQP_PORT, true);
        for (String check : snapshot.health().checks().keySet()) {
            assertThat(status("GET", "/api/health/checks/" + check, null)).as(check).isNotEqualTo(404);
        }
    }

    @Test
    void sourceWithAVhostReportsOnlyThatVhostsQueues() throws Exception {
        String vhost = prefix + "-vhost";
        String vhostPath = ManagementApi.segment(vhost);
        assertThat(status("PUT", "/api/vhosts/" + vhostPath, "{}")).isIn(201, 204);
        try {
            assertThat(status("PUT", "/api/permissions/" + vhostPath + "/guest",
                    "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}")).isIn(201, 204);
            assertThat(status("PUT", "/api/queues/" + vhostPath + "/inside", "{\"durable\":true}")).isIn(201, 204);
            String outside = fixture.createQueue(prefix + "-outside");
            RabbitMqSource all = new RabbitMqSource(RabbitMqFixture.settings(TestServices.RABBITMQ_MANAGEMENT_URL,
                    Optional.empty(), Duration.ofSeconds(5)));
            assertThat(all.read().queues()).extracting(QueueSnapshot::qualifiedName).contains(outside);

            RabbitMqSource scoped = new RabbitMqSource(RabbitMqFixture.settings(TestServices.RABBITMQ_MANAGEMENT_URL,
                    Optional.of(vhost), Duration.ofSeconds(5)));
            assertThat(scoped.read().queues()).extracting(QueueSnapshot::qualifiedName)
                    .containsExactly(vhost + "/inside");
        } finally {
            status("DELETE", "/api/vhosts/" + vhostPath, null);
        }
    }

    @Test
    void queueBeingPublishedToAndConsumedShowsBothRates() throws Exception {
        String queue = fixture.createQueue(prefix + "-busy");
        String name = prefix + "-busy";
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        try (Connection connection = RabbitMqFixture.connect()) {
            Channel consuming = connection.createChannel();
            consuming.basicConsume(name, true, (tag, delivery) -> { }, tag -> { });
            Channel publishing = connection.createChannel();
            publisher.scheduleAtFixedRate(() -> publishQuietly(publishing, name), 0, 50, TimeUnit.MILLISECONDS);

            // Rates come from the channels' statistics and the consumer count from the queue's,
            // which the server emits at different moments: wait for both.
            awaitQueue(queue, q -> q.publishRate() != null && q.publishRate() > 0
                    && q.deliverRate() != null && q.deliverRate() > 0 && q.consumers() == 1);
        } finally {
            publisher.shutdownNow();
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void queueBoundToAFanoutDeadLetterExchangeIsADeadLetterQueue() throws Exception {
        String exchange = prefix + ".dlx";
        fixture.declareExchange(exchange, BuiltinExchangeType.FANOUT);
        fixture.declareQueue(prefix + ".dead", Map.of());
        fixture.bind(prefix + ".dead", exchange, "");
        fixture.declareQueue(prefix + ".orders", Map.of("x-dead-letter-exchange", exchange));
        String unbound = fixture.createQueue(prefix + ".unbound");

        awaitQueue(RabbitMqFixture.qualified(prefix + ".dead"), QueueSnapshot::deadLetter);
        BrokerSnapshot snapshot = fixture.source().read();

        assertThat(find(snapshot, RabbitMqFixture.qualified(prefix + ".dead")).deadLetter()).isTrue();
        assertThat(find(snapshot, RabbitMqFixture.qualified(prefix + ".orders")).deadLetter()).isFalse();
        assertThat(find(snapshot, unbound).deadLetter()).isFalse();
    }

    @Test
    void queueWithMaxLengthReportsItsLimitAndTheTrendTellsWhenItIsReached() throws Exception {
        String name = prefix + ".bounded";
        String queue = RabbitMqFixture.qualified(name);
        fixture.declareQueue(name, Map.of("x-max-length", 1000));
        LagTracker tracker = new LagTracker();

        fixture.publish(queue, 100);
        QueueSnapshot first = awaitQueue(queue, q -> q.messages() == 100);
        tracker.record("rabbit", Instant.now(), fixture.source().read());
        fixture.publish(queue, 200);
        awaitQueue(queue, q -> q.messages() == 300);
        tracker.record("rabbit", Instant.now(), fixture.source().read());

        assertThat(first.messageLimit()).isEqualTo(1000);
        BacklogTrend trend = tracker.trend("rabbit", queue, first.limit()).orElseThrow();
        assertThat(trend.messagesPerSecond()).isPositive();
        // 700 messages of room at the measured rate.
        assertThat(trend.reachesLimitIn()).hasValueSatisfying(in ->
                assertThat(in.toMillis()).isCloseTo((long) (700 / trend.messagesPerSecond() * 1000), within(5L)));
    }

    @Test
    void maxLengthPolicyAppliesAndTheSmallerOfPolicyAndArgumentWins() throws Exception {
        String name = prefix + ".policed";
        String queue = RabbitMqFixture.qualified(name);
        fixture.declareQueue(name, Map.of("x-max-length", 500));
        String unbounded = fixture.createQueue(prefix + ".unbounded");
        String policy = "/api/policies/%2F/" + prefix + "-max-length";
        assertThat(status("PUT", policy, "{\"pattern\":\"^" + name + "$\","
                + "\"definition\":{\"max-length\":50},\"apply-to\":\"queues\"}")).isIn(201, 204);
        try {
            assertThat(awaitQueue(queue, q -> q.messageLimit() != 500).messageLimit()).isEqualTo(50);
        } finally {
            status("DELETE", policy, null);
        }
        assertThat(awaitQueue(queue, q -> q.messageLimit() != 50).messageLimit()).as("argument alone").isEqualTo(500);
        assertThat(awaitQueue(unbounded, q -> true).limit()).isEmpty();
    }

    private QueueSnapshot awaitQueue(String queue, Predicate<QueueSnapshot> matches) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        QueueSnapshot last = null;
        while (Instant.now().isBefore(deadline)) {
            last = find(fixture.source().read(), queue);
            if (last != null && matches.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("waited " + SETTLE + " for queue " + queue + "; last seen: " + last);
    }

    private static QueueSnapshot find(BrokerSnapshot snapshot, String queue) {
        return snapshot.queues().stream().filter(q -> q.qualifiedName().equals(queue)).findFirst().orElse(null);
    }

    private static void publishQuietly(Channel channel, String queue) {
        try {
            channel.basicPublish("", queue, MessageProperties.TEXT_PLAIN, "tick".getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            // The test is over and the connection closed under the publisher.
        }
    }

    /** Sends a request to the management API as guest and returns its status. */
    private static int status(String method, String path, String json) throws Exception {
        String credentials = TestServices.RABBITMQ_USER + ":" + TestServices.RABBITMQ_PASSWORD;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestServices.RABBITMQ_MANAGEMENT_URL + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
