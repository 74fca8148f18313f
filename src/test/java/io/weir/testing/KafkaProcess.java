package io.weir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A KRaft Kafka node of a test's own, run as a separate JVM, so that a test can stop and restart
 * it without disturbing the shared broker of {@code .ci/services}: a single-node broker
 * ({@link #start}), or one node of a {@link KafkaCluster}. It reuses the classpath
 * {@code .ci/services up} resolved, so the tests need no Kafka server jars.
 */
public final class KafkaProcess implements AutoCloseable {

    // Any fixed id works: the storage is formatted with it on every start().
    private static final String CLUSTER_ID = "V2VpclRlc3RQcm9jZXNzMQ";
    private static final String STARTED_LINE = "Kafka Server started";
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final int nodeId;
    private final int port;
    private final String classpath;
    private final Path serverProperties;
    private final Path log4jProperties;
    private final Path logFile;
    private final String maxHeap;
    // Stops a broker the test forgot to close when the test JVM exits.
    private final Thread shutdownHook = new Thread(this::kill, "kafka-process-shutdown");
    private volatile Process process;
    // The log is appended to across restarts; only lines after this offset count for readiness.
    private long launchedAtLogOffset;

    private KafkaProcess(Path dir, int nodeId, int port, String classpath, String maxHeap) {
        this.dir = dir;
        this.nodeId = nodeId;
        this.port = port;
        this.classpath = classpath;
        this.maxHeap = maxHeap;
        this.serverProperties = dir.resolve("server.properties");
        this.log4jProperties = dir.resolve("log4j2.properties");
        this.logFile = dir.resolve("kafka.log");
    }

    /** Formats fresh storage under {@code dataDir} and starts a broker; returns once it accepts clients. */
    public static KafkaProcess start(Path dataDir, int port, int controllerPort) {
        return start(dataDir, port, controllerPort, "512m");
    }

    /**
     * Like {@link #start(Path, int, int)}, with the broker's maximum heap ({@code -Xmx}), e.g.
     * {@code "2g"}: enough for a broker of many thousands of partitions.
     */
    public static KafkaProcess start(Path dataDir, int port, int controllerPort, String maxHeap) {
        KafkaProcess kafka = new KafkaProcess(dataDir.toAbsolutePath(), 1, port, KafkaDistribution.classpath(), maxHeap);
        kafka.writeConfig(controllerPort, null, 1);
        kafka.format(true);
        Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        kafka.launch();
        return kafka;
    }

    /**
     * Formats fresh storage for node {@code nodeId} of a cluster whose controllers are
     * {@code voters} ({@code id@host:port,...}), and starts its JVM without waiting: a node of a
     * cluster cannot be ready before a majority of the voters runs. Internal topics get
     * {@code nodes} replicas. Call {@link #awaitReady} once every node is started.
     */
    static KafkaProcess startNode(Path dataDir, int nodeId, int port, int controllerPort, String voters, int nodes,
            String maxHeap) {
        KafkaProcess kafka = new KafkaProcess(dataDir.toAbsolutePath(), nodeId, port, KafkaDistribution.classpath(), maxHeap);
        kafka.writeConfig(controllerPort, voters, nodes);
        kafka.format(false);
        Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        kafka.spawn();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process id, to measure its CPU time; fails when it does not run. */
    public long pid() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("the broker does not run");
        }
        return running.pid();
    }

    /** SIGTERM (a clean broker shutdown), then a kill if it takes longer than 30 s. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while stopping Kafka", e);
        }
        process = null;
    }

    /** Stops the broker and starts it again on the same data and ports, without formatting. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing left to remove.
        }
    }

    /** {@code voters} null: a single node that is its own controller quorum. */
    private void writeConfig(int controllerPort, String voters, int nodes) {
        String quorum = voters == null ? "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort
                : "controller.quorum.voters=" + voters;
        int minIsr = nodes > 1 ? 2 : 1;
        String server = String.join("\n",
                "node.id=" + nodeId,
                "process.roles=broker,controller",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                quorum,
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=" + nodes,
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=" + nodes,
                "transaction.state.log.min.isr=" + minIsr,
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=" + nodes,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "share.coordinator.state.topic.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "num.partitions=1",
                "log.segment.bytes=16777216",
                "log.cleaner.dedupe.buffer.size=16777216",
                // Retention is enforced within a second, so a test can watch the log start move.
                "log.retention.check.interval.ms=1000",
                "");
        // Without a config log4j2 logs errors only, and readiness is read from an INFO line.
        String log4j = String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "");
        try {
            Files.createDirectories(dir);
            Files.writeString(serverProperties, server);
            Files.writeString(log4jProperties, log4j);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // Formatting an old data dir with another cluster id fails, so the data is always wiped first.
    // A standalone node is its own quorum; a cluster's nodes find theirs in controller.quorum.voters.
    private void format(boolean standalone) {
        deleteRecursively(dir.resolve("data"));
        List<String> command = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t", CLUSTER_ID,
                "-c", serverProperties.toString()));
        if (standalone) {
            command.add("--standalone");
        }
        Process formatter = java(List.of(), command.toArray(String[]::new));
        try {
            if (formatter.waitFor() != 0) {
                throw new IllegalStateException("Kafka storage format failed:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            formatter.destroyForcibly();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private void launch() {
        spawn();
        awaitReady();
    }

    private void spawn() {
        if (portOpen()) {
            throw new IllegalStateException("port " + port + " is already in use, cannot start Kafka there");
        }
        launchedAtLogOffset = logSize();
        process = java(List.of("-Xmx" + maxHeap), "kafka.Kafka", serverProperties.toString());
    }

    /** Waits until the node started last accepts clients; stops it and fails after 60 s or if it exits. */
    void awaitReady() {
        long logOffset = launchedAtLogOffset;
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (!(portOpen() && logSince(logOffset).contains(STARTED_LINE))) {
            if (!process.isAlive()) {
                process = null;
                throw new IllegalStateException("Kafka on port " + port + " exited during startup:\n" + logTail());
            }
            if (System.currentTimeMillis() > deadline) {
                stop();
                throw new IllegalStateException("Kafka on port " + port + " was not ready after 60 s:\n" + logTail());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while starting Kafka", e);
            }
        }
    }

    // Same JDK as the tests; output of every run is appended to one log for diagnosis.
    private Process java(List<String> jvmOptions, String... mainClassAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "-Dlog4j2.configurationFile=" + log4jProperties));
        command.addAll(List.of(mainClassAndArgs));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logSince(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(logFile);
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String logTail() {
        List<String> lines = logSince(0).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
