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
 * A single-node KRaft Kafka broker of a test's own, run as a separate JVM, so that a test can
 * stop and restart it without disturbing the shared broker of {@code .ci/services}. It reuses
 * the classpath {@code .ci/services up} resolved, so the tests need no Kafka server jars.
 */
public final class KafkaProcess implements AutoCloseable {

    // Any fixed id works: the storage is formatted with it on every start().
    private static final String CLUSTER_ID = "V2VpclRlc3RQcm9jZXNzMQ";
    private static final String STARTED_LINE = "Kafka Server started";
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final int port;
    private final String classpath;
    private final Path serverProperties;
    private final Path log4jProperties;
    private final Path logFile;
    private final String maxHeap;
    // Stops a broker the test forgot to close when the test JVM exits.
    private final Thread shutdownHook = new Thread(this::kill, "kafka-process-shutdown");
    private volatile Process process;

    private KafkaProcess(Path dir, int port, String classpath, String maxHeap) {
        this.dir = dir;
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
        KafkaProcess kafka = new KafkaProcess(dataDir.toAbsolutePath(), port, readClasspath(), maxHeap);
        kafka.writeConfig(controllerPort);
        kafka.format();
        Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
        kafka.launch();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
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

    private static String readClasspath() {
        Path file = Path.of(System.getenv().getOrDefault("WEIR_SERVICES_DIR", "/tmp/weir-services"), "kafka.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Kafka classpath " + file + " is missing: run .ci/services up first");
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeConfig(int controllerPort) {
        String server = String.join("\n",
                "node.id=1",
                "process.roles=broker,controller",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "share.coordinator.state.topic.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "num.partitions=1",
                "log.segment.bytes=16777216",
                "log.cleaner.dedupe.buffer.size=16777216",
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
    private void format() {
        deleteRecursively(dir.resolve("data"));
        Process formatter = java(List.of(), "kafka.tools.StorageTool", "format", "--standalone",
                "-t", CLUSTER_ID, "-c", serverProperties.toString());
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
        if (portOpen()) {
            throw new IllegalStateException("port " + port + " is already in use, cannot start Kafka there");
        }
        // The log is appended to across restarts; only lines after this offset count for readiness.
        long logOffset = logSize();
        process = java(List.of("-Xmx" + maxHeap), "kafka.Kafka", serverProperties.toString());
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
