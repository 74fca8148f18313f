package io.weir.broker.crash;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.PublishResult;
import io.weir.broker.Receipt;
import io.weir.broker.TopicConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The child process of the crash harness: opens a {@link Broker} on a directory and serves it on
 * 127.0.0.1 over a line protocol, one request line and one answer (plus its message lines) at a
 * time per connection. Fields are separated by single spaces and never contain one.
 * <pre>
 * PUB id key value              -> OK partition offset duplicate | ERR text
 * FETCH consumer max waitMillis -> N count, then count lines "partition offset id key value"   (group "ordered")
 * COMMIT consumer p=o,p=o       -> OK                                                        (group "ordered")
 * COMMITTED                     -> OFFSETS p=o,p=o  (the ordered group's committed offsets)
 * RECV consumer max waitMillis  -> N count, then count lines "receipt id key value"          (group "shared")
 * ACK receipt                   -> OK true|false
 * </pre>
 * Any failure answers {@code ERR} with the exception, so a client can tell a refusal (for example
 * the not-durable error after an fsync failure) from a dead process (the connection breaks).
 *
 * <p>Arguments: data directory, port. Prints {@code READY} once it accepts connections.
 */
public final class CrashBrokerServer {

    static final String TOPIC = "crash";
    static final String ORDERED = "ordered";
    static final String SHARED = "shared";
    static final int PARTITIONS = 4;
    /** Short so that in-flight shared deliveries come back soon when a consumer vanishes without a kill. */
    static final Duration VISIBILITY = Duration.ofSeconds(2);

    private final Broker broker;

    private CrashBrokerServer(Broker broker) {
        this.broker = broker;
    }

    public static void main(String[] args) throws IOException {
        Broker broker = Broker.open(Path.of(args[0]), BrokerConfig.defaults());
        if (!broker.topics().contains(TOPIC)) {
            // the default topic settings: group commit, dedup of the last 10,000 IDs
            broker.createTopic(TOPIC, TopicConfig.partitions(PARTITIONS));
            broker.createGroup(TOPIC, ORDERED, GroupConfig.ordered());
            // attempts high enough that no message is dead-lettered by being in flight at many kills
            broker.createGroup(TOPIC, SHARED, GroupConfig.shared(VISIBILITY, 1_000_000));
        }
        CrashBrokerServer server = new CrashBrokerServer(broker);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])));
            System.out.println("READY");
            System.out.flush();
            while (true) {
                Socket client = socket.accept();
                Thread thread = new Thread(() -> server.serve(client), "crash-client");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                try {
                    answer(line.split(" "), out);
                } catch (Exception e) {
                    out.print("ERR " + e.toString().replace('\n', ' ') + "\n");
                }
                out.flush();
            }
        } catch (IOException e) {
            // the client went away; nothing to clean up beyond the socket
        }
    }

    private void answer(String[] f, PrintWriter out) throws InterruptedException {
        switch (f[0]) {
            case "PUB" -> {
                OutgoingMessage message = new OutgoingMessage(bytes(f[2]), Map.of(), null, f[1], bytes(f[3]));
                PublishResult r = broker.publish(TOPIC, List.of(message)).get(0);
                out.print("OK " + r.partition() + " " + r.offset() + " " + r.duplicate() + "\n");
            }
            case "FETCH" -> {
                List<ConsumedMessage> messages = broker.fetch(TOPIC, ORDERED, f[1], Integer.parseInt(f[2]),
                        Duration.ofMillis(Long.parseLong(f[3])));
                StringBuilder answer = new StringBuilder("N " + messages.size() + "\n");
                for (ConsumedMessage m : messages) {
                    answer.append(m.partition()).append(' ').append(m.offset()).append(' ')
                            .append(fields(m)).append('\n');
                }
                out.print(answer);
            }
            case "COMMIT" -> {
                Map<Integer, Long> offsets = new HashMap<>();
                for (String pair : f[2].split(",")) {
                    String[] po = pair.split("=");
                    offsets.put(Integer.parseInt(po[0]), Long.parseLong(po[1]));
                }
                broker.commit(TOPIC, ORDERED, f[1], offsets);
                out.print("OK\n");
            }
            case "COMMITTED" -> out.print("OFFSETS " + broker.describeGroup(TOPIC, ORDERED).committed().entrySet()
                    .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")) + "\n");
            case "RECV" -> {
                List<Delivery> deliveries = broker.receive(TOPIC, SHARED, f[1], Integer.parseInt(f[2]),
                        Duration.ofMillis(Long.parseLong(f[3])));
                StringBuilder answer = new StringBuilder("N " + deliveries.size() + "\n");
                for (Delivery d : deliveries) {
                    answer.append(d.receipt()).append(' ').append(fields(d.message())).append('\n');
                }
                out.print(answer);
            }
            case "ACK" -> out.print("OK " + broker.ack(Receipt.parse(f[1])) + "\n");
            default -> throw new IllegalArgumentException("unknown request " + f[0]);
        }
    }

    private static String fields(ConsumedMessage m) {
        return m.record().messageId() + " " + new String(m.record().key(), StandardCharsets.UTF_8) + " "
                + new String(m.record().value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
