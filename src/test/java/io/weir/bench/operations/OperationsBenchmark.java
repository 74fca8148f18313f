package io.weir.bench.operations;

import io.weir.bench.KafkaToolsClasspath;
import io.weir.bench.ResultTable;
import io.weir.testing.KafkaProcess;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The operations benchmark of issue 11, in one run: Weir's dead-letter replay of 100,000 dead
 * letters of 1 KiB beside RabbitMQ's dynamic shovel (RabbitMQ) and beside
 * {@code kafka-console-consumer | kafka-console-producer} (Kafka), and a search of 1,000,000
 * Kafka messages through Weir's message browser beside {@code kafka-console-consumer | grep}.
 * Weir is the packaged application ({@link WeirProcess}), driven through its REST API as an
 * operator would; every figure is the wall time until the destination holds every message. Each
 * comparison runs a warm-up round (a running Weir has compiled its paths; the peers start fresh
 * anyway) and then {@link #ROUNDS} rounds, alternating which of the two goes first; the table gives
 * the medians. Not a test: {@code ./mvnw -B -Pbench -Dbench.suite=operations -DskipTests package
 * exec:exec} (README, Benchmarks). Exits 1 when a part could not be measured.
 */
public final class OperationsBenchmark {

    static final int ROUNDS = 3;
    private static final int WARM_UP_MESSAGES = 10_000;
    /** One scanned message in this many holds the text searched for. */
    private static final int NEEDLE_EVERY = 2_000;
    private static final String PASSWORD = "bench-operations-password";

    private final String prefix = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Path projectDir = Path.of(System.getProperty("bench.project-dir", ".")).toAbsolutePath().normalize();
    private final Path workDir = projectDir.resolve("target/bench").resolve(prefix);
    private final int messages = Integer.getInteger("bench.operations.replay-messages", 100_000);
    private final int scanMessages = Integer.getInteger("bench.operations.scan-messages", 1_000_000);
    /** weir.operations.replay.batch-size for Weir; blank: Weir's default. */
    private final String batchSize = System.getProperty("bench.operations.batch-size", "");
    /** weir.operations.replay.batches-in-flight for Weir; blank: Weir's default. */
    private final String batchesInFlight = System.getProperty("bench.operations.batches-in-flight", "");
    private final PrintStream out = System.out;
    private final ResultTable table = new ResultTable("figure", "Weir", "peer", "ratio", "goal", "met?");

    private OperationsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
        OperationsBenchmark bench = new OperationsBenchmark();
        bench.run();
        bench.out.println();
        bench.out.printf("%,d dead letters of 1 KiB per replay, %,d messages of 1 KiB per scan; medians of %d rounds"
                + " after a warm-up round; ratio = peer time / Weir time.%n", bench.messages, bench.scanMessages, ROUNDS);
        bench.table.print(bench.out);
        System.exit(bench.table.anyFailed() ? 1 : 0);
    }

    private void run() throws Exception {
        Files.createDirectories(workDir);
        out.printf("Weir operations benchmark, prefix %s, %d CPUs, work directory %s%n", prefix,
                Runtime.getRuntime().availableProcessors(), workDir);
        String rabbitHost = System.getProperty("bench.rabbit.host", "127.0.0.1");
        String rabbitManagement = System.getProperty("bench.rabbit.management-url", "http://127.0.0.1:15672");
        String bootstrap = System.getProperty("bench.kafka.bootstrap", "");
        KafkaProcess broker = null;
        WeirProcess weir = null;
        try {
            if (bootstrap.isBlank()) {
                String heap = System.getProperty("bench.kafka.heap", "2g");
                out.printf("Starting a Kafka broker of the benchmark's own (-Xmx%s)...%n", heap);
                broker = KafkaProcess.start(workDir.resolve("kafka"), freePort(), freePort(), heap);
                bootstrap = broker.bootstrapServers();
            }
            out.println("Starting the packaged Weir...");
            if (System.getProperty("quarkus-app.jar") == null) {
                System.setProperty("quarkus-app.jar", projectDir.resolve("target/quarkus-app/quarkus-run.jar").toString());
            }
            Map<String, String> environment = new HashMap<>(Map.of(
                    "WEIR_ADMIN_PASSWORD", PASSWORD,
                    "WEIR_SOURCES_KAFKA_KIND", "kafka",
                    "WEIR_SOURCES_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "WEIR_SOURCES_RABBIT_KIND", "rabbitmq",
                    "WEIR_SOURCES_RABBIT_MANAGEMENT_URL", rabbitManagement,
                    "WEIR_SOURCES_RABBIT_USERNAME", "guest",
                    "WEIR_SOURCES_RABBIT_PASSWORD", "guest",
                    // One page of the browser reads the whole scanned topic (and sees its end).
                    "WEIR_OPERATIONS_BROWSE_MAX_SCAN", String.valueOf(2L * scanMessages),
                    "WEIR_OPERATIONS_BROWSE_MAX_SECONDS", "600"));
            if (!batchSize.isBlank()) {
                environment.put("WEIR_OPERATIONS_REPLAY_BATCH_SIZE", batchSize);
            }
            if (!batchesInFlight.isBlank()) {
                environment.put("WEIR_OPERATIONS_REPLAY_BATCHES_IN_FLIGHT", batchesInFlight);
            }
            weir = WeirProcess.start(workDir.resolve("weir"), environment);
            WeirApi api = new WeirApi(weir, PASSWORD);
            try {
                rabbit(api, rabbitHost, rabbitManagement);
            } catch (Exception e) {
                e.printStackTrace(out);
                table.failed("RabbitMQ replay", e.toString());
            }
            try {
                kafka(api, bootstrap);
            } catch (Exception e) {
                e.printStackTrace(out);
                table.failed("Kafka replay and scan", e.toString());
            }
        } finally {
            if (weir != null) {
                weir.stop();
                List<String> problems = weir.unexpectedProblems();
                if (!problems.isEmpty()) {
                    table.note("Weir logged " + problems.size() + " WARN/ERROR lines, the first: " + problems.get(0));
                }
            }
            if (broker != null) {
                broker.close();
                out.println("Stopped the benchmark's Kafka broker.");
            }
            deleteRecursively(workDir.resolve("kafka"));
            deleteRecursively(workDir.resolve("weir"));
        }
    }

    private void rabbit(WeirApi api, String host, String management) throws Exception {
        try (RabbitReplayRun rabbit = new RabbitReplayRun(host, 5672, management, "guest", "guest", prefix, out)) {
            out.println("RabbitMQ: enabling the shovel plugin...");
            rabbit.enableShovel();
            out.printf("RabbitMQ: warm-up round of %,d dead letters...%n", WARM_UP_MESSAGES);
            rabbit.round("rabbit-warm-up", WARM_UP_MESSAGES, api, true);
            List<RabbitReplayRun.Times> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                RabbitReplayRun.Times times = rabbit.round("rabbit-" + round, messages, api, round % 2 == 1);
                out.printf("  round %d: Weir %s, shovel %s%n", round, millis(times.weirNanos()), millis(times.shovelNanos()));
                rounds.add(times);
            }
            double weir = median(rounds, RabbitReplayRun.Times::weirNanos);
            double shovel = median(rounds, RabbitReplayRun.Times::shovelNanos);
            table.row(String.format("RabbitMQ: replay %,d dead letters vs dynamic shovel", messages), rate(weir, messages),
                    rate(shovel, messages), ratio(shovel, weir), "not slower than the shovel",
                    ResultTable.verdict(weir <= shovel));
            table.note("RabbitMQ rounds (Weir / shovel, ms): " + runs(rounds, RabbitReplayRun.Times::weirNanos,
                    RabbitReplayRun.Times::shovelNanos) + "; the shovel: amqp091 both sides, ack-mode on-confirm,"
                    + " src-delete-after queue-length; Weir: the job to the original queue (x-death), ledger in H2");
        }
    }

    private void kafka(WeirApi api, String bootstrap) throws Exception {
        out.println("Kafka: resolving the classpath of Kafka's console tools...");
        String classpath = KafkaToolsClasspath.resolve(System.getProperty("bench.mvn", "mvn"),
                Boolean.getBoolean("bench.offline"), projectDir, workDir);
        try (KafkaReplayRun kafka = new KafkaReplayRun(bootstrap, prefix, new KafkaConsole(classpath, bootstrap), workDir)) {
            out.printf("Kafka: warm-up round of %,d dead letters...%n", WARM_UP_MESSAGES);
            kafka.round("kafka-warm-up", WARM_UP_MESSAGES, api, true);
            List<KafkaReplayRun.Times> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                KafkaReplayRun.Times times = kafka.round("kafka-" + round, messages, api, round % 2 == 1);
                out.printf("  round %d: Weir %s, console consumer | producer %s%n", round, millis(times.weirNanos()),
                        millis(times.consoleNanos()));
                rounds.add(times);
            }
            double weir = median(rounds, KafkaReplayRun.Times::weirNanos);
            double console = median(rounds, KafkaReplayRun.Times::consoleNanos);
            table.row(String.format("Kafka: replay %,d dead letters vs console consumer | producer", messages),
                    rate(weir, messages), rate(console, messages), ratio(console, weir), ">= 2x",
                    ResultTable.verdict(console / weir >= 2));
            table.note("Kafka replay rounds (Weir / console tools, ms): " + runs(rounds, KafkaReplayRun.Times::weirNanos,
                    KafkaReplayRun.Times::consoleNanos) + "; " + KafkaReplayRun.PARTITIONS + " partitions; the console"
                    + " tools copy key and value (print.key / parse.key, their defaults otherwise, JVM start included),"
                    + " Weir also the headers");

            out.printf("Kafka: writing %,d messages of 1 KiB to scan...%n", scanMessages);
            kafka.buildScanTopic(scanMessages, NEEDLE_EVERY);
            out.println("Kafka: scanning with Weir's message browser and with kafka-console-consumer | grep...");
            kafka.weirScan(api);
            List<KafkaReplayRun.Scan> weirScans = new ArrayList<>();
            List<KafkaReplayRun.Scan> grepScans = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                KafkaReplayRun.Scan weirScan = kafka.weirScan(api);
                KafkaReplayRun.Scan grepScan = kafka.grepScan(scanMessages, round);
                out.printf("  round %d: Weir %s (scanned %,d, matched %d), console consumer | grep %s (matched %d)%n",
                        round, millis(weirScan.nanos()), weirScan.scanned(), weirScan.matched(),
                        millis(grepScan.nanos()), grepScan.matched());
                weirScans.add(weirScan);
                grepScans.add(grepScan);
                check(weirScan, kafka.scanMatches(), "Weir");
                check(grepScan, kafka.scanMatches(), "console consumer | grep");
            }
            double weirScan = median(weirScans, KafkaReplayRun.Scan::nanos);
            double grepScan = median(grepScans, KafkaReplayRun.Scan::nanos);
            table.row(String.format("Kafka: scan %,d messages for a text vs console consumer | grep", scanMessages),
                    rate(weirScan, scanMessages), rate(grepScan, scanMessages), ratio(grepScan, weirScan),
                    ">= 200,000 msg/s", ResultTable.verdict(scanMessages / (weirScan / 1e9) >= 200_000));
            table.note("Kafka scan rounds (Weir / console tools, ms): " + runs(weirScans, KafkaReplayRun.Scan::nanos,
                    grepScans, KafkaReplayRun.Scan::nanos) + "; one message in " + NEEDLE_EVERY + " matches ("
                    + kafka.scanMatches() + "); Weir: one GET .../messages?text=...&limit=1000, oldest first over "
                    + KafkaReplayRun.PARTITIONS + " partitions");
        }
    }

    private static void check(KafkaReplayRun.Scan scan, int matches, String who) {
        if (scan.matched() != matches) {
            throw new IllegalStateException(who + " found " + scan.matched() + " of " + matches + " matching messages");
        }
    }

    private static <T> double median(List<T> rounds, Function<T, Long> nanos) {
        List<Long> sorted = new ArrayList<>(rounds.stream().map(nanos).toList());
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static <T> String runs(List<T> rounds, Function<T, Long> weir, Function<T, Long> peer) {
        return runs(rounds, weir, rounds, peer);
    }

    private static <T, U> String runs(List<T> weirRounds, Function<T, Long> weir, List<U> peerRounds, Function<U, Long> peer) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < weirRounds.size(); i++) {
            pairs.add(Math.round(weir.apply(weirRounds.get(i)) / 1e6) + " / " + Math.round(peer.apply(peerRounds.get(i)) / 1e6));
        }
        return String.join(", ", pairs);
    }

    /** A wall time with its throughput, e.g. {@code 4.2 s (23,810 msg/s)}. */
    private static String rate(double nanos, long count) {
        return String.format("%s (%,.0f msg/s)", millis((long) nanos), count / (nanos / 1e9));
    }

    private static String ratio(double peerNanos, double weirNanos) {
        return String.format("%.2fx", peerNanos / weirNanos);
    }

    private static String millis(long nanos) {
        return nanos >= 10_000_000_000L ? String.format("%.1f s", nanos / 1e9) : String.format("%.0f ms", nanos / 1e6);
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
