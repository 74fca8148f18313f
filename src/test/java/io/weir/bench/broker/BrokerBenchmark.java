package io.weir.bench.broker;

import io.weir.bench.ResultTable;
import io.weir.broker.log.FlushPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;

/**
 * The broker benchmark: durable publish throughput and publish-to-consume latency of 1 KiB
 * messages for the built-in broker (group commit, and per-message fsync) beside a real Kafka and a
 * real RabbitMQ, in the same run, with the disk's own sequential bandwidth and fsync latency. Not a
 * test: run it with {@code ./mvnw -B -Pbench -Dbench.suite=broker test-compile exec:exec} (README,
 * Benchmarks). Exits 1 when a part could not be measured.
 */
public final class BrokerBenchmark {

    private record Workload(String name, int producers, int batch) {
    }

    private static final List<Workload> WORKLOADS = List.of(new Workload("1 producer", 1, 1),
            new Workload("16 producers", 16, 1), new Workload("64 producers", 64, 1),
            new Workload("batched (8 producers x 256)", 8, 256));

    /**
     * Each workload runs this many times on every target, and the disk is measured in every round;
     * the brokers' figures are the medians of the rounds, the disk's bandwidth its best measurement.
     */
    private static final int ROUNDS = 3;

    /** Disk measurements before any broker runs, besides the one per round. */
    private static final int QUIET_DISK_PROBES = 3;

    private static final String WEIR = "Weir group commit";
    private static final String WEIR_PER_MESSAGE = "Weir per message";
    private static final String KAFKA = "Kafka";
    private static final String RABBIT = "RabbitMQ";

    private final Path workDir;
    private final String prefix;
    private final Duration warmUp = Duration.ofSeconds(1);
    private final Duration measured;
    private final PrintStream out;
    private final Map<String, Map<Workload, List<LoadRun.Result>>> results = new LinkedHashMap<>();
    private final List<DiskProbe.Figures> disks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int runs;

    private BrokerBenchmark(Path workDir, String prefix, Duration measured, PrintStream out) {
        this.workDir = workDir;
        this.prefix = prefix;
        this.measured = measured;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
        Path workDir = Path.of(System.getProperty("bench.project-dir", ".")).toAbsolutePath().resolve("target/bench");
        String prefix = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String kafka = System.getProperty("bench.broker.kafka", "127.0.0.1:19092");
        Files.createDirectories(workDir);
        System.out.printf("Weir broker benchmark, prefix %s, %d CPUs, Kafka %s, RabbitMQ 127.0.0.1:5672, data in %s%n",
                prefix, Runtime.getRuntime().availableProcessors(), kafka, workDir);
        BrokerBenchmark bench = new BrokerBenchmark(workDir, prefix,
                Duration.ofSeconds(Long.getLong("bench.broker.seconds", 4)), System.out);

        // the disk first on its own, while nothing else has written or deleted anything yet, then
        // once per round
        for (int attempt = 1; attempt <= QUIET_DISK_PROBES; attempt++) {
            bench.probeDisk("before the brokers, " + attempt + " of " + QUIET_DISK_PROBES);
        }
        Path builtinDir = workDir.resolve(prefix + "-builtin");
        try (DurableTarget weir = new BuiltinTarget(builtinDir.resolve("group-commit"), FlushPolicy.GROUP_COMMIT);
                DurableTarget weirPerMessage = new BuiltinTarget(builtinDir.resolve("per-message"), FlushPolicy.PER_MESSAGE);
                DurableTarget kafkaTarget = new KafkaTarget(kafka);
                DurableTarget rabbitTarget = new RabbitTarget("127.0.0.1", 5672)) {
            Map<String, DurableTarget> targets = new LinkedHashMap<>();
            targets.put(WEIR, weir);
            targets.put(WEIR_PER_MESSAGE, weirPerMessage);
            targets.put(KAFKA, kafkaTarget);
            targets.put(RABBIT, rabbitTarget);
            bench.warmUp(targets);
            // rounds rather than repeats in a row, so that a noisy minute on the shared machine
            // costs every target and the disk alike
            for (int round = 1; round <= ROUNDS; round++) {
                bench.round(round, targets);
            }
        } finally {
            deleteTree(builtinDir);
        }

        ResultTable table = bench.table();
        bench.failures.forEach(f -> table.failed(f, "see the stack trace above"));
        System.out.println();
        System.out.printf("1 KiB messages, %s measured after %s warm-up per run; broker figures are medians of %d"
                + " rounds, disk bandwidth the best measurement; ratio = how many times better Weir (group commit) is:"
                + " Weir/peer for throughput, peer/Weir for latency.%n", bench.measured, bench.warmUp, ROUNDS);
        table.print(System.out);
        System.exit(table.anyFailed() ? 1 : 0);
    }

    /**
     * Every target runs every workload briefly, so the JIT has compiled the paths of every shape
     * (this JVM holds the built-in broker and all the clients) before any is measured.
     */
    private void warmUp(Map<String, DurableTarget> targets) throws Exception {
        for (Workload w : WORKLOADS) {
            for (DurableTarget t : targets.values()) {
                new LoadRun(w.producers(), w.batch(), Duration.ZERO, Duration.ofSeconds(1)).run(t,
                        prefix + "-warm-up-" + (runs++));
            }
        }
    }

    /** Measures the disk, then every workload on every target; a failed run is noted and the round goes on. */
    private void round(int round, Map<String, DurableTarget> targets) throws Exception {
        settle();
        probeDisk("round " + round + " of " + ROUNDS);
        for (Workload w : WORKLOADS) {
            // a new order each time, so that no target always follows the same one (and whatever
            // background work that one leaves behind)
            List<Map.Entry<String, DurableTarget>> order = new ArrayList<>(targets.entrySet());
            Collections.shuffle(order);
            for (Map.Entry<String, DurableTarget> t : order) {
                settle();
                try {
                    LoadRun.Result r = new LoadRun(w.producers(), w.batch(), warmUp, measured).run(t.getValue(),
                            prefix + "-" + (runs++));
                    results.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(w, k -> new ArrayList<>()).add(r);
                    out.printf("%-28s %-18s %8.0f msg/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms%n", w.name(),
                            t.getKey(), r.perSecond(), r.latencyMillis(0.5), r.latencyMillis(0.99), r.latencyMillis(0.999));
                } catch (Exception e) {
                    e.printStackTrace(out);
                    failures.add(w.name() + " on " + t.getKey() + " (round " + round + "): " + e);
                }
            }
        }
    }

    private void probeDisk(String when) throws IOException {
        DiskProbe.Figures disk = DiskProbe.measure(workDir, 256, 500);
        disks.add(disk);
        out.printf("disk, %s: %.0f MiB/s sequential (%.0f MiB/s bypassing the page cache), 4 KiB write+fsync"
                + " p50 %.2f ms p99 %.2f ms%n", when, disk.sequentialMiBPerSecond(), disk.directMiBPerSecond(),
                disk.fsyncP50Millis(), disk.fsyncP99Millis());
    }

    /**
     * Lets the previous run's background work end before the next run starts: the page cache
     * written back (sync), RabbitMQ's and Kafka's deletion of the last queue or topic under way.
     */
    private static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Thread.sleep(2000);
    }

    /** The median of each figure over one target's rounds of one workload. */
    private record Medians(List<LoadRun.Result> runs) {

        double perSecond() {
            return median(runs, LoadRun.Result::perSecond);
        }

        double megabytesPerSecond() {
            return median(runs, LoadRun.Result::megabytesPerSecond);
        }

        double latencyMillis(double quantile) {
            return median(runs, r -> r.latencyMillis(quantile));
        }
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
        double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private ResultTable table() {
        // the disk's best measurement, not its median: a noisy moment only ever makes a disk look
        // slower, and the goal should be measured against the most the disk showed
        double diskMiB = disks.stream().mapToDouble(DiskProbe.Figures::sequentialMiBPerSecond).max().orElse(Double.NaN);
        double directMiB = disks.stream().mapToDouble(DiskProbe.Figures::directMiBPerSecond).max().orElse(Double.NaN);
        ResultTable table = new ResultTable("figure", WEIR, WEIR_PER_MESSAGE, KAFKA, RABBIT, "vs Kafka", "vs RabbitMQ",
                "goal", "met?");
        for (Workload w : WORKLOADS) {
            Medians weir = result(WEIR, w);
            Medians kafka = result(KAFKA, w);
            Medians rabbit = result(RABBIT, w);
            if (weir == null || kafka == null || rabbit == null) {
                continue; // reported as failed
            }
            Medians perMessage = result(WEIR_PER_MESSAGE, w);
            table.row(w.name() + ": msg/s", rate(weir), perMessage == null ? "-" : rate(perMessage), rate(kafka),
                    rate(rabbit), ratio(weir.perSecond() / kafka.perSecond()), ratio(weir.perSecond() / rabbit.perSecond()),
                    ">= Kafka, > RabbitMQ", ResultTable.verdict(weir.perSecond() >= kafka.perSecond()
                            && weir.perSecond() > rabbit.perSecond()));
            for (double q : new double[] {0.5, 0.99, 0.999}) {
                boolean p99 = q == 0.99;
                double weirMs = weir.latencyMillis(q);
                table.row(w.name() + ": latency p" + (q * 100 == Math.rint(q * 100) ? String.valueOf((int) (q * 100)) : "99.9"),
                        ms(weirMs), perMessage == null ? "-" : ms(perMessage.latencyMillis(q)), ms(kafka.latencyMillis(q)),
                        ms(rabbit.latencyMillis(q)), ratio(kafka.latencyMillis(q) / weirMs),
                        ratio(rabbit.latencyMillis(q) / weirMs), p99 ? "< Kafka and RabbitMQ" : "",
                        p99 ? ResultTable.verdict(weirMs < kafka.latencyMillis(q) && weirMs < rabbit.latencyMillis(q)) : "");
            }
            if (w.batch() > 1) {
                double share = weir.megabytesPerSecond() / diskMiB;
                table.row(w.name() + ": MiB/s of payload", String.format("%.0f", weir.megabytesPerSecond()),
                        perMessage == null ? "-" : String.format("%.0f", perMessage.megabytesPerSecond()),
                        String.format("%.0f", kafka.megabytesPerSecond()), String.format("%.0f", rabbit.megabytesPerSecond()),
                        "", "", String.format(">= 50%% of disk (%.0f%% here; %.0f%% of O_DIRECT)", share * 100,
                                100 * weir.megabytesPerSecond() / directMiB),
                        ResultTable.verdict(share >= 0.5));
            }
        }
        table.row("disk: sequential write, 256 MiB in 1 MiB writes + fsync, best of " + disks.size(),
                String.format("%.0f MiB/s", diskMiB), "", "", "", "", "", "", "");
        table.row("disk: the same bypassing the page cache (O_DIRECT), best, for reference",
                String.format("%.0f MiB/s", directMiB), "", "", "", "", "", "", "");
        table.row("disk: 4 KiB write + fsync, p50 / p99, median", String.format("%.2f / %.2f ms",
                median(disks, DiskProbe.Figures::fsyncP50Millis), median(disks, DiskProbe.Figures::fsyncP99Millis)),
                "", "", "", "", "", "", "");
        return table;
    }

    private Medians result(String target, Workload w) {
        List<LoadRun.Result> runs = results.getOrDefault(target, Map.of()).get(w);
        return runs == null || runs.isEmpty() ? null : new Medians(runs);
    }

    private static String rate(Medians r) {
        return String.format("%.0f", r.perSecond());
    }

    private static String ms(double millis) {
        return String.format("%.2f ms", millis);
    }

    private static String ratio(double ratio) {
        return String.format("%.2fx", ratio);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
