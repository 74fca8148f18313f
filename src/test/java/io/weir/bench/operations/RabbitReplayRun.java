package io.weir.bench.operations;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ: real dead letters (published to a queue whose messages expire at once, so RabbitMQ
 * dead-letters them with {@code x-death} headers) go through a fanout dead-letter exchange into
 * two dead-letter queues with the same messages. Weir replays one of them to the original queue
 * (the consumer is "fixed": the queue is declared again without its TTL); RabbitMQ's dynamic
 * shovel moves the other to a queue of its own. Both are timed until their destination holds every
 * message. Every name starts with the run's prefix; {@link #close()} deletes what a round left.
 */
final class RabbitReplayRun implements AutoCloseable {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    private final String prefix;
    private final String managementUrl;
    private final String authorization;
    private final PrintStream log;
    private final Connection connection;
    private final Channel channel;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    /** One round's wall times. */
    record Times(long weirNanos, long shovelNanos) {
    }

    RabbitReplayRun(String host, int port, String managementUrl, String user, String password, String prefix,
            PrintStream log) throws Exception {
        this.prefix = prefix;
        this.managementUrl = managementUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.log = log;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        this.connection = factory.newConnection("weir-bench-operations");
        this.channel = connection.createChannel();
    }

    /**
     * RabbitMQ ships the shovel but does not enable it: {@code rabbitmq-plugins enable} on the
     * running node (a no-op when it is enabled already). It stays enabled afterwards.
     */
    void enableShovel() throws IOException, InterruptedException {
        Process enable = new ProcessBuilder("rabbitmq-plugins", "enable", "rabbitmq_shovel", "rabbitmq_shovel_management")
                .redirectErrorStream(true).start();
        String output = new String(enable.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!enable.waitFor(2, TimeUnit.MINUTES) || enable.exitValue() != 0) {
            throw new IllegalStateException("rabbitmq-plugins enable rabbitmq_shovel failed: " + output);
        }
        log.println("  rabbitmq-plugins enable rabbitmq_shovel rabbitmq_shovel_management: "
                + output.lines().reduce((a, b) -> b).orElse(""));
        // The management plugin restarts its listener when a plugin of its own is added.
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                management("GET", "/api/shovels", null, 200);
                return;
            } catch (IOException | IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the shovel's management API did not answer after enabling it", e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Builds the two dead-letter queues of {@code messages}, replays one with Weir and shovels the other. */
    Times round(String name, int messages, WeirApi weir, boolean weirFirst) throws Exception {
        String work = prefix + "-" + name + "-work";
        String dlx = prefix + "-" + name + "-dlx";
        String weirDlq = work + ".dlq";
        String shovelDlq = prefix + "-" + name + "-shovel.dlq";
        String shovelled = prefix + "-" + name + "-shovelled";
        deadLetters(work, dlx, weirDlq, shovelDlq, messages);
        declare(shovelled, null);
        long weirNanos = 0;
        long shovelNanos = 0;
        for (int turn = 0; turn < 2; turn++) {
            if ((turn == 0) == weirFirst) {
                weirNanos = replay(weir, weirDlq, work, messages);
            } else {
                shovelNanos = shovel(prefix + "-" + name + "-shovel", shovelDlq, shovelled, messages);
            }
        }
        for (String dlq : List.of(weirDlq, shovelDlq)) {
            long left = channel.queueDeclarePassive(dlq).getMessageCount();
            if (left != 0) {
                throw new IllegalStateException(left + " messages left in " + dlq);
            }
        }
        deleteQueues();
        return new Times(weirNanos, shovelNanos);
    }

    private long replay(WeirApi weir, String dlq, String destination, int messages) throws Exception {
        long start = System.nanoTime();
        String job = weir.replayAll("rabbit", dlq);
        awaitCount(destination, messages);
        var finished = weir.awaitFinished(job, LIMIT);
        long nanos = System.nanoTime() - start;
        if (finished.get("replayed").asLong() != messages) {
            throw new IllegalStateException("Weir replayed " + finished.get("replayed") + " of " + messages + ": " + finished);
        }
        return nanos;
    }

    private long shovel(String name, String source, String destination, int messages) throws Exception {
        String body = "{\"value\":{\"src-protocol\":\"amqp091\",\"src-uri\":\"amqp://\",\"src-queue\":\"" + source
                + "\",\"src-delete-after\":\"queue-length\",\"dest-protocol\":\"amqp091\",\"dest-uri\":\"amqp://\","
                + "\"dest-queue\":\"" + destination + "\",\"ack-mode\":\"on-confirm\"}}";
        long start = System.nanoTime();
        management("PUT", "/api/parameters/shovel/%2F/" + URLEncoder.encode(name, StandardCharsets.UTF_8), body, 201, 204);
        awaitCount(destination, messages);
        long nanos = System.nanoTime() - start;
        // With src-delete-after queue-length the shovel removes itself once it has acknowledged all it
        // moved; deleting it earlier would hand its unacknowledged messages back to the source queue.
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (management("GET", "/api/parameters/shovel/%2F/" + URLEncoder.encode(name, StandardCharsets.UTF_8), null,
                200, 404) == 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the shovel " + name + " did not remove itself within a minute");
            }
            Thread.sleep(20);
        }
        return nanos;
    }

    private void deadLetters(String work, String dlx, String weirDlq, String shovelDlq, int messages) throws Exception {
        channel.exchangeDeclare(dlx, BuiltinExchangeType.FANOUT, true);
        exchanges.add(dlx);
        declare(weirDlq, null);
        declare(shovelDlq, null);
        channel.queueBind(weirDlq, dlx, "");
        channel.queueBind(shovelDlq, dlx, "");
        declare(work, Map.of("x-dead-letter-exchange", dlx, "x-message-ttl", 0));
        channel.confirmSelect();
        byte[] payload = Payloads.kibibyte(0);
        for (int i = 0; i < messages; i++) {
            channel.basicPublish("", work, new AMQP.BasicProperties.Builder().messageId("m" + i).deliveryMode(2)
                    .contentType("text/plain").build(), payload);
        }
        channel.waitForConfirmsOrDie(LIMIT.toMillis());
        awaitCount(weirDlq, messages);
        awaitCount(shovelDlq, messages);
        // The consumer is "fixed": its queue no longer expires messages, so the replayed ones stay.
        channel.queueDelete(work);
        channel.queueDeclare(work, true, false, false, null);
    }

    private void declare(String queue, Map<String, Object> arguments) throws IOException {
        channel.queueDeclare(queue, true, false, false, arguments);
        queues.add(queue);
    }

    private void awaitCount(String queue, long count) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long now;
        while ((now = channel.queueDeclarePassive(queue).getMessageCount()) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(queue + " holds " + now + " of " + count + " messages after " + LIMIT);
            }
            Thread.sleep(5);
        }
    }

    /** Calls the management API; returns the status, which must be one of {@code expected}. */
    private int management(String method, String path, String body, int... expected) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl + path))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return status;
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }

    private void deleteQueues() throws IOException {
        for (String queue : queues) {
            channel.queueDelete(queue);
        }
        queues.clear();
        for (String exchange : exchanges) {
            channel.exchangeDelete(exchange);
        }
        exchanges.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            deleteQueues();
        } finally {
            connection.close();
        }
    }
}
