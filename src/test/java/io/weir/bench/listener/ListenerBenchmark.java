package io.weir.bench.listener;

import io.weir.bench.KafkaToolsClasspath;
import io.weir.bench.ResultTable;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Kafka's own perf tools against Weir's Kafka listener and against the real Kafka broker, in one
 * run, with the same client settings: {@code kafka-producer-perf-test} (1 KiB records,
 * {@code acks=all}, idempotent, batched) with one producer and with 16 at once, then
 * {@code kafka-consumer-perf-test} reading the first topic back while it is still in the page
 * cache. Kafka's topics have {@code flush.messages=1}, so both brokers write every acknowledged
 * batch to disk before answering (Weir's default flush policy, group commit, does). Rounds
 * alternate which broker goes first; the table gives medians. Not a test:
 * {@code ./mvnw -B -Pbench -Dbench.suite=listener -DskipTests package exec:exec}.
 */
public final class ListenerBenchmark {

    private static final int RECORD_SIZE = 1024;
    private static final int PARTITIONS = 8;
    private static final int PRODUCERS = 16;
    private static final Map<String, String> PRODUCER_PROPS = Map.of("acks", "all", "enable.idempotence", "true",
            "linger.ms", "5", "batch.size", "262144");
    private static final double GIB_PER_SECOND_IN_MB = 1024;

    private final PrintStream out = System.out;
    private final Path projectDir = Path.of(System.getProperty("bench.project-dir", ".")).toAbsolutePath().normalize();
    private final long records = Long.getLong("bench.listener.records", 200_000);
    private final int rounds = Integer.getInteger("bench.listener.rounds", 3);
    private final String kafkaBootstrap = System.getProperty("bench.broker.kafka", "127.0.0.1:19092");
    private final String prefix = "bench-listener-" + UUID.randomUUID().toString().substring(0, 8);
    private final Path workDir = projectDir.resolve("target/bench").resolve(prefix);
    private final ResultTable table = new ResultTable("figure", "Weir", "Kafka", "ratio", "goal", "met?");

    /** One broker's figures in one round. */
    record Run(PerfTool.Produced one, List<PerfTool.Produced> many, PerfTool.Consumed consumed) {

        double manyRecordsPerSecond() {
            return many.stream().mapToDouble(PerfTool.Produced::recordsPerSecond).sum();
        }

        long manyWorstP99() {
            return many.stream().mapToLong(PerfTool.Produced::p99Millis).max().orElseThrow();
        }
    }

    private record Target(String name, String bootstrap, Map<String, String> topicConfigs) {
    }

    public static void main(String[] args) throws Exception {
        ListenerBenchmark bench = new ListenerBenchmark();
        bench.run();
        System.exit(bench.table.anyFailed() ? 1 : 0);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        out.printf("Weir Kafka listener benchmark, prefix %s, %d CPUs, %,d records of %d B per producer run%n", prefix,
                Runtime.getRuntime().availableProcessors(), records, RECORD_SIZE);
        PerfTool tool = new PerfTool(KafkaToolsClasspath.resolve(System.getProperty("bench.mvn", "mvn"),
                Boolean.getBoolean("bench.offline"), projectDir, workDir));
        if (System.getProperty("quarkus-app.jar") == null) {
            System.setProperty("quarkus-app.jar", projectDir.resolve("target/quarkus-app/quarkus-run.jar").toString());
        }
        int listenerPort = freePort();
        out.println("Starting the packaged Weir with its Kafka listener on 127.0.0.1:" + listenerPort + "...");
        WeirProcess weir = WeirProcess.start(workDir.resolve("weir"), Map.of("WEIR_ADMIN_PASSWORD", "bench-password",
                "WEIR_BROKER_KAFKA_PORT", Integer.toString(listenerPort)));
        try {
            awaitPort(listenerPort);
            List<Target> targets = List.of(new Target("Weir", "127.0.0.1:" + listenerPort, Map.of()),
                    new Target("Kafka", kafkaBootstrap, Map.of("flush.messages", "1")));
            List<Run> weirRuns = new ArrayList<>();
            List<Run> kafkaRuns = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<Target> order = new ArrayList<>(targets);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (Target target : order) {
                    Run run = run(tool, target, round);
                    (target.name().equals("Weir") ? weirRuns : kafkaRuns).add(run);
                    out.printf("  round %d %s: 1 producer %,.0f rec/s p99 %d ms; %d producers %,.0f rec/s worst p99 %d ms;"
                            + " consumer %.1f MB/s (fetch %.1f MB/s)%n", round, target.name(), run.one().recordsPerSecond(),
                            run.one().p99Millis(), PRODUCERS, run.manyRecordsPerSecond(), run.manyWorstP99(),
                            run.consumed().megabytesPerSecond(), run.consumed().fetchMegabytesPerSecond());
                }
            }
            report(weirRuns, kafkaRuns);
        } catch (Exception e) {
            e.printStackTrace(out);
            table.failed("Kafka listener against Kafka", e.toString());
        } finally {
            weir.stop();
            List<String> problems = weir.unexpectedProblems();
            if (!problems.isEmpty()) {
                table.note("Weir logged " + problems.size() + " WARN/ERROR lines, the first: " + problems.get(0));
            }
        }
        out.println();
        out.printf("%,d records of %d B per producer run (the %d producers %,d each), %d partitions; medians of %d rounds;"
                + " ratio > 1 means Weir did better.%n", records, RECORD_SIZE, PRODUCERS, records / PRODUCERS, PARTITIONS, rounds);
        table.print(out);
    }

    private Run run(PerfTool tool, Target target, int round) throws Exception {
        String one = prefix + "-" + round + "-one";
        String many = prefix + "-" + round + "-many";
        try (Admin admin = admin(target.bootstrap())) {
            admin.createTopics(List.of(topic(one, target), topic(many, target))).all().get();
            PerfTool.Produced produced = PerfTool.produced(tool.startProducer(target.bootstrap(), one, records, RECORD_SIZE,
                    PRODUCER_PROPS));
            PerfTool.Consumed consumed = tool.consume(target.bootstrap(), one, records, one + "-reader");
            List<Process> producers = new ArrayList<>();
            for (int i = 0; i < PRODUCERS; i++) {
                producers.add(tool.startProducer(target.bootstrap(), many, records / PRODUCERS, RECORD_SIZE, PRODUCER_PROPS));
            }
            List<PerfTool.Produced> manyProduced = new ArrayList<>();
            for (Process producer : producers) {
                manyProduced.add(PerfTool.produced(producer));
            }
            admin.deleteTopics(List.of(one, many)).all().get();
            return new Run(produced, manyProduced, consumed);
        }
    }

    private void report(List<Run> weir, List<Run> kafka) {
        higher("1 producer: records/s", weir, kafka, r -> r.one().recordsPerSecond(), "%,.0f");
        lower("1 producer: p99 latency (ms)", weir, kafka, r -> r.one().p99Millis());
        higher(PRODUCERS + " producers: records/s (sum)", weir, kafka, Run::manyRecordsPerSecond, "%,.0f");
        lower(PRODUCERS + " producers: worst p99 latency (ms)", weir, kafka, r -> r.manyWorstP99());
        higher("consumer: MB/s, whole run", weir, kafka, r -> r.consumed().megabytesPerSecond(), "%.1f");
        higher("consumer: MB/s, fetch phase", weir, kafka, r -> r.consumed().fetchMegabytesPerSecond(), "%.1f");
        double fetch = median(weir, r -> r.consumed().fetchMegabytesPerSecond());
        table.row("fetch path from page cache (MB/s)", String.format("%.1f", fetch), "", "", ">= 1 GiB/s",
                ResultTable.verdict(fetch >= GIB_PER_SECOND_IN_MB));
        table.note("producer settings (both): " + new java.util.TreeMap<>(PRODUCER_PROPS) + "; Kafka topics flush.messages=1;"
                + " MB as the tools print it (2^20 bytes); the " + PRODUCERS + " producers' rates are summed, each its own JVM");
    }

    private void higher(String figure, List<Run> weir, List<Run> kafka, ToDoubleFunction<Run> value, String format) {
        double w = median(weir, value);
        double k = median(kafka, value);
        table.row(figure, String.format(format, w), String.format(format, k), String.format("%.2fx", w / k),
                "at least Kafka's", ResultTable.verdict(w >= k));
    }

    private void lower(String figure, List<Run> weir, List<Run> kafka, ToDoubleFunction<Run> value) {
        double w = median(weir, value);
        double k = median(kafka, value);
        table.row(figure, String.format("%.0f", w), String.format("%.0f", k), String.format("%.2fx", k / Math.max(w, 1)),
                "below Kafka's", ResultTable.verdict(w < k));
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static NewTopic topic(String name, Target target) {
        return new NewTopic(name, PARTITIONS, (short) 1).configs(target.topicConfigs());
    }

    private static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(properties);
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Weir's Kafka listener did not open port " + port + " within a minute");
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
