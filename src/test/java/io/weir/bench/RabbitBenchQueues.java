package io.weir.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's RabbitMQ workload: empty classic queues in the default virtual host, declared
 * over AMQP, whose names start with the run's prefix. {@link #close()} deletes every queue this
 * object declared, so it may run on a shared broker. Blocking; not thread-safe.
 */
final class RabbitBenchQueues implements AutoCloseable {

    private static final Duration LISTED_WITHIN = Duration.ofSeconds(120);
    // A backstop should the benchmark be killed before close(): RabbitMQ drops an unused queue then.
    private static final Map<String, Object> EXPIRE_UNUSED = Map.of("x-expires", 30 * 60 * 1000);

    private final String prefix;
    private final String managementUrl;
    private final String authorization;
    private final PrintStream log;
    private final Connection connection;
    private final Channel channel;
    private final List<String> queues = new ArrayList<>();

    RabbitBenchQueues(String host, int amqpPort, String managementUrl, String user, String password, String prefix,
            PrintStream log) throws Exception {
        this.prefix = prefix;
        this.managementUrl = managementUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.log = log;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(amqpPort);
        factory.setUsername(user);
        factory.setPassword(password);
        this.connection = factory.newConnection("weir-bench");
        this.channel = connection.createChannel();
    }

    /**
     * Declares {@code count} queues without waiting for each answer, then waits for one answer,
     * which comes after all of them (a channel answers in order).
     */
    void declare(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String name = String.format("%s-queue-%04d", prefix, i);
            queues.add(name);
            channel.queueDeclareNoWait(name, false, false, false, EXPIRE_UNUSED);
        }
        channel.queueDeclarePassive(queues.get(queues.size() - 1));
    }

    /** Waits until the management API lists every declared queue: its statistics trail AMQP by seconds. */
    void awaitListed() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + LISTED_WITHIN.toNanos();
        long listed = 0;
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl + "/api/queues/%2F?columns=name"))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(60)).build();
            JsonNode body = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
            listed = 0;
            for (JsonNode queue : body) {
                if (queue.path("name").asText().startsWith(prefix)) {
                    listed++;
                }
            }
            if (listed >= queues.size()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the management API listed " + listed + " of " + queues.size()
                + " queues after " + LISTED_WITHIN.toSeconds() + " s");
    }

    int count() {
        return queues.size();
    }

    /** Deletes every declared queue; reports what it could not delete and never throws. */
    @Override
    public void close() {
        try {
            for (String queue : queues) {
                channel.queueDeleteNoWait(queue, false, false);
            }
            // A synchronous call, answered after every delete before it, as in declare().
            channel.basicQos(0);
            log.printf("  deleted %d queues%n", queues.size());
        } catch (Exception e) {
            log.println("  could not delete all queues of " + prefix + ": " + e);
        }
        try {
            connection.close();
        } catch (Exception e) {
            log.println("  closing the AMQP connection failed: " + e);
        }
    }
}
