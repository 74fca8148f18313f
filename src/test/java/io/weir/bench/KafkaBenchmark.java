package io.weir.bench;

import io.weir.testing.KafkaProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Kafka half of the benchmark: builds the workload, times Weir's full poll
 * ({@code KafkaSource.read()}, in {@link KafkaPollRun}'s own JVM) and Kafka's
 * {@code kafka-consumer-groups --describe --all-groups} on it, and deletes the workload.
 *
 * <p>By default it runs on a broker of its own ({@link KafkaProcess}, with a larger heap), not on
 * the shared test broker: the shared broker has a 512 MB heap, and other developers' tests list
 * every topic and group on it, so ten thousand partitions there would slow down their runs.
 */
final class KafkaBenchmark {

    static final int WEIR_RUNS = 5;
    static final int TOOL_RUNS = 3;

    private final BenchSettings settings;
    private final PrintStream log;

    KafkaBenchmark(BenchSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    void run(ResultTable table) throws Exception {
        KafkaProcess broker = null;
        String bootstrap = settings.kafkaBootstrap();
        try {
            if (bootstrap.isBlank()) {
                log.printf("Starting a Kafka broker of the benchmark's own (-Xmx%s)...%n", settings.kafkaHeap());
                broker = KafkaProcess.start(settings.workDir().resolve("kafka"), freePort(), freePort(),
                        settings.kafkaHeap());
                bootstrap = broker.bootstrapServers();
            }
            try (KafkaBenchCluster cluster = new KafkaBenchCluster(bootstrap, settings.prefix(), log)) {
                build(cluster);
                measure(table, bootstrap, cluster);
                log.println("Deleting the Kafka workload...");
            }
        } finally {
            if (broker != null) {
                broker.close();
                deleteRecursively(settings.workDir().resolve("kafka").resolve("data"));
                log.println("  stopped the benchmark's broker and deleted its data");
            }
        }
    }

    private void build(KafkaBenchCluster cluster) throws Exception {
        log.printf("Creating %d topics x %d partitions on Kafka...%n", settings.topics(), settings.partitions());
        long start = System.nanoTime();
        cluster.createTopics(settings.topics(), settings.partitions());
        log.printf("  %d partitions in %s%n", cluster.partitionCount(), seconds(start));
        start = System.nanoTime();
        cluster.produce();
        log.printf("  produced %d messages to every partition in %s%n",
                KafkaBenchCluster.MESSAGES_PER_PARTITION, seconds(start));
        start = System.nanoTime();
        cluster.commitGroups(settings.groups());
        log.printf("  %d groups with %d committed partitions in %s%n", cluster.groupCount(),
                cluster.committedPartitionCount(), seconds(start));
    }

    private void measure(ResultTable table, String bootstrap, KafkaBenchCluster cluster) throws Exception {
        log.printf("Timing Weir's KafkaSource.read(): 1 warm-up, %d runs...%n", WEIR_RUNS);
        Map<String, List<Long>> weir = pollInOwnJvm(bootstrap);
        Timings weirTimes = new Timings(weir.get("read-nanos"));
        log.printf("  warm-up %s, runs %s ms%n", ResultTable.millis(weir.get("warmup-nanos").get(0) / 1e6),
                weirTimes.runsMillis());

        log.printf("Timing kafka-consumer-groups --describe --all-groups: %d runs...%n", TOOL_RUNS);
        ConsumerGroupsTool tool = ConsumerGroupsTool.resolve(settings.mvn(), settings.offline(),
                settings.projectDir(), settings.workDir());
        List<Long> toolNanos = new ArrayList<>();
        ConsumerGroupsTool.Run last = null;
        for (int i = 1; i <= TOOL_RUNS; i++) {
            last = tool.describeAllGroups(bootstrap, settings.prefix(), i);
            toolNanos.add(last.nanos());
            log.printf("  run %d: %s%n", i, ResultTable.millis(last.nanos() / 1e6));
        }
        Timings toolTimes = new Timings(toolNanos);

        double median = weirTimes.medianMillis();
        double ratio = toolTimes.medianMillis() / median;
        table.timed("Kafka full poll, median (Weir " + WEIR_RUNS + " runs, tool " + TOOL_RUNS + ")", median,
                toolTimes.medianMillis(), "< 2 s and >= 10x", median < 2000 && ratio >= 10);
        table.timed("Kafka full poll, max", weirTimes.maxMillis(), toolTimes.maxMillis(), "< 2 s",
                weirTimes.maxMillis() < 2000);
        Timings plainTimes = new Timings(weir.get("read-nanos-without-timestamps"));
        table.value("  without lag timestamp reads, median (cost of the reads)", ResultTable.millis(
                plainTimes.medianMillis()) + " (" + ResultTable.millis(median - plainTimes.medianMillis()) + ")",
                "", "", null);
        table.value("  background reader's CPU per round of 200 reads", ResultTable.millis(
                one(weir, "reader-cpu-nanos") / 1e6 / WEIR_RUNS), "", "", null);
        table.value("group partitions with an exact lag after " + (WEIR_RUNS + 1) + " polls",
                count(weir, "bench-exact"), "", "", null);
        long rssMb = one(weir, "rss-kb") / 1024;
        table.value("Weir poll + recording JVM RSS, history of " + settings.weirFillPolls() + " polls", rssMb + " MB",
                "", "< 512 MB", rssMb < 512);
        table.value("  of which live heap after GC (snapshot, history held)", one(weir, "live-heap-kb") / 1024 + " MB",
                "", "", null);
        table.value("  of which history: series, MB", one(weir, "history-series") + ", "
                + one(weir, "history-kb") / 1024 + " MB", "", "", null);
        table.value("Weir recording of one poll, median", ResultTable.millis(new Timings(weir.get("record-nanos"))
                .medianMillis()), "", "", null);
        table.value("groups returned (of " + cluster.groupCount() + " created)", count(weir, "bench-groups"),
                String.valueOf(last.groups()), String.valueOf(cluster.groupCount()),
                one(weir, "bench-groups") == cluster.groupCount() && last.groups() == cluster.groupCount());
        table.value("committed group partitions returned", count(weir, "bench-committed"),
                String.valueOf(last.rows()), String.valueOf(cluster.committedPartitionCount()),
                one(weir, "bench-committed") == cluster.committedPartitionCount()
                        && last.rows() == cluster.committedPartitionCount());
        table.value("topic partitions returned (benchmark topics)", count(weir, "bench-partitions"), "",
                String.valueOf(cluster.partitionCount()), one(weir, "bench-partitions") == cluster.partitionCount());
        table.note(String.format("Kafka: Weir's last poll returned %d topics, %d partitions and %d groups in all; "
                        + "lag over the benchmark's groups %d messages; Weir runs %s ms; tool runs %s ms "
                        + "(whole command, JVM start included); Weir without timestamp reads %s ms; Weir's JVM options: %s",
                one(weir, "topics"), one(weir, "partitions"), one(weir, "groups"), one(weir, "bench-lag"),
                weirTimes.runsMillis(), toolTimes.runsMillis(), plainTimes.runsMillis(),
                String.join(" ", settings.weirJvmOptions())));
    }

    /** Runs {@link KafkaPollRun} in a fresh JVM on this JVM's classpath and collects its RESULT lines. */
    private Map<String, List<Long>> pollInOwnJvm(String bootstrap) throws IOException, InterruptedException {
        Path logFile = settings.workDir().resolve("weir-poll.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        command.addAll(settings.weirJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KafkaPollRun.class.getName(),
                bootstrap, String.valueOf(WEIR_RUNS), settings.prefix(), String.valueOf(settings.weirFillPolls())));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, List<Long>> results = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(logFile))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("RESULT")) {
                    results.computeIfAbsent(parts[1], key -> new ArrayList<>()).add(Long.parseLong(parts[2]));
                } else {
                    logWriter.println(line);
                }
            }
        }
        if (child.waitFor() != 0 || !results.containsKey("rss-kb")) {
            throw new IllegalStateException("Weir's poll JVM failed (exit " + child.exitValue() + "): see " + logFile);
        }
        return results;
    }

    private static long one(Map<String, List<Long>> results, String key) {
        return results.get(key).get(0);
    }

    private static String count(Map<String, List<Long>> results, String key) {
        return String.valueOf(one(results, key));
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
