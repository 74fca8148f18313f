package io.weir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A KRaft Kafka cluster of a test's own: {@code n} nodes, each broker and controller, each a
 * separate JVM with its own data directory under the test's and ports picked free, so a test can
 * create topics that need several brokers (replication factor 3, {@code min.insync.replicas=2}).
 * Starting fails loudly when a node does not come up; {@link #close} stops every node.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaProcess> nodes;
    private final List<Integer> ports;

    private KafkaCluster(List<KafkaProcess> nodes, List<Integer> ports) {
        this.nodes = nodes;
        this.ports = ports;
    }

    /** Starts {@code size} nodes with at most {@code maxHeap} each (e.g. {@code "256m"}) and waits until all accept clients. */
    public static KafkaCluster start(Path dir, int size, String maxHeap) {
        List<Integer> ports = freePorts(size * 2);
        List<Integer> brokerPorts = ports.subList(0, size);
        List<Integer> controllerPorts = ports.subList(size, size * 2);
        String voters = IntStream.range(0, size).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        List<KafkaProcess> nodes = new ArrayList<>();
        KafkaCluster cluster = new KafkaCluster(nodes, List.copyOf(brokerPorts));
        try {
            for (int i = 0; i < size; i++) {
                nodes.add(KafkaProcess.startNode(dir.resolve("node-" + (i + 1)), i + 1, brokerPorts.get(i),
                        controllerPorts.get(i), voters, size, maxHeap));
            }
            // A node is ready only once a majority of voters runs: all are started before any is awaited.
            nodes.forEach(KafkaProcess::awaitReady);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Stops every node, each even when another fails to stop. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (KafkaProcess node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // All sockets stay open until every port is picked, so no port is handed out twice.
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a listening socket that accepted nothing does not fail in practice.
                }
            }
        }
    }
}
