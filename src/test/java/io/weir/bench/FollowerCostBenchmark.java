package io.weir.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.BrokerSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import io.weir.testing.KafkaProcess;
import io.weir.testing.PostgresDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The follower benchmark ({@code -Dbench.suite=followers}): what it costs that every Weir replica
 * polls the brokers itself (what Weir does) against followers reading the leader's snapshot from
 * PostgreSQL (not built in Weir: measured here by writing and reading, in a table of the
 * benchmark's own, the JSON of the snapshot a real poll of the cluster returned, gzipped, as Weir
 * would store it). On the monitoring benchmark's cluster (100 × 100 partitions, 1,000 groups, on a
 * Kafka broker of its own), 1, 2 and 3 {@link KafkaSource}s poll at Weir's default interval of
 * 10 s, spread over the interval as independent replicas would be, for {@code bench.followers.polls}
 * intervals each; it counts the requests their clients sent (the clients' {@code request-total}),
 * the broker process's CPU time and this JVM's CPU time. Prints one table, ratio = polling /
 * snapshot. Exits 1 when a part could not be measured.
 */
public final class FollowerCostBenchmark {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_REPLICAS = 3;
    private static final int SNAPSHOT_ROUNDS = 10;
    private static final int WARM_UP_POLLS = 3;

    private final BenchSettings settings;
    private final PrintStream log;
    private final int polls = Integer.getInteger("bench.followers.polls", 3);

    private FollowerCostBenchmark(BenchSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Files.createDirectories(settings.workDir());
        PrintStream out = System.out;
        out.printf("Weir follower benchmark, prefix %s, %d CPUs, load average %.2f%n", settings.prefix(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        ResultTable table = new ResultTable("figure", "replicas poll (Weir)", "followers read the snapshot", "ratio");
        try {
            new FollowerCostBenchmark(settings, out).run(table);
        } catch (Exception e) {
            e.printStackTrace(out);
            table.failed("follower cost", e.toString());
        }
        out.println();
        out.printf("Kafka: %d topics x %d partitions, %d groups; poll every %d s; load average at the end %.2f."
                        + " Ratio = polling / snapshot.%n", settings.topics(), settings.partitions(), settings.groups(),
                INTERVAL.toSeconds(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        table.print(out);
        System.exit(table.anyFailed() ? 1 : 0);
    }

    private void run(ResultTable table) throws Exception {
        log.printf("Starting a Kafka broker of the benchmark's own (-Xmx%s)...%n", settings.kafkaHeap());
        try (KafkaProcess broker = KafkaProcess.start(settings.workDir().resolve("kafka-followers"), freePort(), freePort(),
                settings.kafkaHeap());
                KafkaBenchCluster cluster = new KafkaBenchCluster(broker.bootstrapServers(), settings.prefix(), log)) {
            log.printf("Creating %d topics x %d partitions and %d groups...%n", settings.topics(), settings.partitions(),
                    settings.groups());
            cluster.createTopics(settings.topics(), settings.partitions());
            cluster.produce();
            cluster.commitGroups(settings.groups());

            warmUp(broker);
            Window idle = Window.start(broker.pid());
            Thread.sleep(INTERVAL.toMillis());
            Window.Result brokerIdle = idle.end(0);
            List<Window.Result> polling = new ArrayList<>();
            BrokerSnapshot snapshot = null;
            for (int replicas = 1; replicas <= MAX_REPLICAS; replicas++) {
                log.printf("%d replica(s) polling for %d intervals...%n", replicas, polls);
                PollingRun run = poll(broker, replicas);
                polling.add(run.result());
                snapshot = run.snapshot();
                log.printf("  %s%n", run.result());
            }
            log.println("Writing and reading the snapshot in PostgreSQL...");
            SnapshotCost stored = snapshotCost(snapshot);
            log.printf("  %s%n", stored);
            report(table, brokerIdle, polling, stored, cluster.partitionCount());
            log.println("Deleting the Kafka workload...");
        }
    }

    private record PollingRun(Window.Result result, BrokerSnapshot snapshot) {
    }

    /** A few polls before any window, so that the JIT has compiled the poll for the first window as for the last. */
    private void warmUp(KafkaProcess broker) throws Exception {
        try (KafkaSource source = new KafkaSource(new SourceSettings("warm-up", SourceKind.KAFKA, broker.bootstrapServers(),
                Optional.empty(), Optional.empty(), Optional.empty(), INTERVAL, Duration.ofSeconds(60), Map.of(),
                SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS))) {
            for (int i = 0; i < WARM_UP_POLLS; i++) {
                source.read();
            }
        }
    }

    /**
     * {@code replicas} sources, each polling once per interval at its own phase (replica i starts
     * i/replicas of an interval after the first), measured over {@link #polls} intervals after a
     * warm-up poll each.
     */
    private PollingRun poll(KafkaProcess broker, int replicas) throws Exception {
        List<KafkaSource> sources = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(replicas);
        try {
            for (int i = 1; i <= replicas; i++) {
                sources.add(new KafkaSource(new SourceSettings("bench-n" + replicas + "-r" + i, SourceKind.KAFKA, broker.bootstrapServers(),
                        Optional.empty(), Optional.empty(), Optional.empty(), INTERVAL, Duration.ofSeconds(60), Map.of(),
                        SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS)));
            }
            for (KafkaSource source : sources) {
                source.read(); // warm-up: connections, metadata, JIT
            }
            Window window = Window.start(broker.pid());
            long begin = System.nanoTime();
            List<Future<BrokerSnapshot>> last = new ArrayList<>();
            List<Future<List<Long>>> durations = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                KafkaSource source = sources.get(i);
                long phase = INTERVAL.toNanos() * i / replicas;
                durations.add(threads.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    for (int p = 0; p < polls; p++) {
                        sleepUntil(begin + phase + p * INTERVAL.toNanos());
                        long start = System.nanoTime();
                        source.read();
                        nanos.add(System.nanoTime() - start);
                    }
                    return nanos;
                }));
            }
            List<Long> reads = new ArrayList<>();
            for (Future<List<Long>> replica : durations) {
                reads.addAll(replica.get());
            }
            // The whole last interval, so that the background timestamp reads the polls started are counted.
            sleepUntil(begin + polls * INTERVAL.toNanos());
            Window.Result result = window.end(polls).withReads(reads);
            return new PollingRun(result, sources.get(0).read());
        } finally {
            threads.shutdownNow();
            sources.forEach(KafkaSource::close);
        }
    }

    /** The leader's write of the snapshot (serialise, gzip, upsert) and a follower's read (select, gunzip, parse). */
    private SnapshotCost snapshotCost(BrokerSnapshot snapshot) throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        var cpu = ManagementFactory.getThreadMXBean();
        try (PostgresDatabase database = PostgresDatabase.create("weir_bench_followers");
                Connection db = database.connect()) {
            db.createStatement().execute("CREATE TABLE source_snapshot (source VARCHAR(200) PRIMARY KEY,"
                    + " taken_at TIMESTAMP WITH TIME ZONE NOT NULL, body BYTEA NOT NULL)");
            byte[] raw = json.writeValueAsBytes(snapshot);
            List<Long> writes = new ArrayList<>();
            List<Long> writesCpu = new ArrayList<>();
            int stored = 0;
            for (int i = 0; i < SNAPSHOT_ROUNDS; i++) {
                long start = System.nanoTime();
                long cpuStart = cpu.getCurrentThreadCpuTime();
                byte[] body = gzip(json.writeValueAsBytes(snapshot));
                try (PreparedStatement upsert = db.prepareStatement("INSERT INTO source_snapshot VALUES (?, ?, ?)"
                        + " ON CONFLICT (source) DO UPDATE SET taken_at = EXCLUDED.taken_at, body = EXCLUDED.body")) {
                    upsert.setString(1, "bench");
                    upsert.setObject(2, java.time.OffsetDateTime.now());
                    upsert.setBytes(3, body);
                    upsert.executeUpdate();
                }
                writesCpu.add(cpu.getCurrentThreadCpuTime() - cpuStart);
                writes.add(System.nanoTime() - start);
                stored = body.length;
            }
            List<Long> reads = new ArrayList<>();
            List<Long> readsCpu = new ArrayList<>();
            BrokerSnapshot read = null;
            for (int i = 0; i < SNAPSHOT_ROUNDS; i++) {
                long start = System.nanoTime();
                long cpuStart = cpu.getCurrentThreadCpuTime();
                try (PreparedStatement select = db.prepareStatement("SELECT body FROM source_snapshot WHERE source = ?")) {
                    select.setString(1, "bench");
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        read = json.readValue(gunzip(row.getBytes(1)), BrokerSnapshot.class);
                    }
                }
                readsCpu.add(cpu.getCurrentThreadCpuTime() - cpuStart);
                reads.add(System.nanoTime() - start);
            }
            if (!snapshot.equals(read)) {
                throw new IllegalStateException("the snapshot read back from PostgreSQL differs from the one written");
            }
            return new SnapshotCost(raw.length, stored, new Timings(writes), new Timings(writesCpu), new Timings(reads),
                    new Timings(readsCpu));
        }
    }

    private record SnapshotCost(int jsonBytes, int storedBytes, Timings write, Timings writeCpu, Timings read,
            Timings readCpu) {

        @Override
        public String toString() {
            return String.format("JSON %d KB, stored (gzip) %d KB; write %s ms (CPU %s); read %s ms (CPU %s)",
                    jsonBytes / 1024, storedBytes / 1024, write.runsMillis(), writeCpu.runsMillis(), read.runsMillis(),
                    readCpu.runsMillis());
        }
    }

    private void report(ResultTable table, Window.Result idle, List<Window.Result> polling, SnapshotCost stored,
            int partitions) {
        Window.Result one = polling.get(0);
        double followerReadCpu = stored.readCpu().medianMillis();
        double leaderWriteCpu = stored.writeCpu().medianMillis();
        for (int replicas = 2; replicas <= MAX_REPLICAS; replicas++) {
            Window.Result many = polling.get(replicas - 1);
            String who = replicas + " replicas";
            double manyRequests = many.requestsPerInterval();
            double oneRequests = one.requestsPerInterval();
            table.row("Kafka requests per poll interval, " + who, String.format("%.0f", manyRequests),
                    String.format("%.0f", oneRequests), ratio(manyRequests, oneRequests));
            table.row("Kafka broker CPU per poll interval, " + who, ResultTable.millis(many.brokerCpuMillisPerInterval()),
                    ResultTable.millis(one.brokerCpuMillisPerInterval()),
                    ratio(many.brokerCpuMillisPerInterval(), one.brokerCpuMillisPerInterval()));
            double idleCpu = idle.brokerCpuMillis();
            table.row("  of which above the idle broker's", ResultTable.millis(many.brokerCpuMillisPerInterval() - idleCpu),
                    ResultTable.millis(one.brokerCpuMillisPerInterval() - idleCpu),
                    ratio(many.brokerCpuMillisPerInterval() - idleCpu, one.brokerCpuMillisPerInterval() - idleCpu));
            double snapshotWeir = one.weirCpuMillisPerInterval() + leaderWriteCpu + (replicas - 1) * followerReadCpu;
            table.row("Weir CPU per poll interval, all " + who, ResultTable.millis(many.weirCpuMillisPerInterval()),
                    ResultTable.millis(snapshotWeir), ratio(many.weirCpuMillisPerInterval(), snapshotWeir));
        }
        table.row("a follower's CPU per refresh (poll / read + parse)", ResultTable.millis(one.weirCpuMillisPerInterval()),
                ResultTable.millis(followerReadCpu), ratio(one.weirCpuMillisPerInterval(), followerReadCpu));
        table.row("a follower's refresh, wall time, median", ResultTable.millis(one.reads().medianMillis()),
                ResultTable.millis(stored.read().medianMillis()), ratio(one.reads().medianMillis(), stored.read().medianMillis()));
        table.row("the leader's extra per poll: write the snapshot (CPU / wall)", "none",
                ResultTable.millis(leaderWriteCpu) + " / " + ResultTable.millis(stored.write().medianMillis()), "");
        table.row("snapshot of " + partitions + " partitions: JSON / stored gzipped", "",
                String.format("%.1f KB / %.1f KB", stored.jsonBytes() / 1024.0, stored.storedBytes() / 1024.0), "");
        table.row("database written per hour by the leader (one source)", "none",
                String.format("%.1f MB", stored.storedBytes() * (3600.0 / INTERVAL.toSeconds()) / (1024 * 1024)), "");
        table.note(String.format("broker CPU idle (no poll) %s per interval; polls of 1..%d replicas (ms): %s",
                ResultTable.millis(idle.brokerCpuMillis()), MAX_REPLICAS,
                String.join("; ", polling.stream().map(p -> p.reads().runsMillis()).toList())));
        table.note("snapshot column: measured by this benchmark's own table (Weir does not store snapshots);"
                + " its broker and Weir figures are one replica's polls plus the leader's write and each follower's read");
        table.note("Weir CPU is this JVM's process CPU over the window: the polls, their clients' threads and the"
                + " background timestamp reads, all replicas in one JVM (separate processes add their own GC and JIT);"
                + " Kafka requests are the clients' request-total (admin and timestamp consumer)");
    }

    private static String ratio(double polling, double snapshot) {
        return snapshot <= 0 ? "" : String.format("%.1fx", polling / snapshot);
    }

    /** CPU of the broker process and of this JVM, and the requests Weir's clients sent, over a window. */
    private record Window(long brokerPid, long brokerCpuNanos, long weirCpuNanos, Map<String, Double> requests) {

        static Window start(long brokerPid) throws Exception {
            return new Window(brokerPid, brokerCpu(brokerPid), weirCpu(), requestsSent());
        }

        Result end(int intervals) throws Exception {
            return new Result(intervals, (brokerCpu(brokerPid) - brokerCpuNanos) / 1e6, (weirCpu() - weirCpuNanos) / 1e6,
                    since(requests, requestsSent()), null);
        }

        record Result(int intervals, double brokerCpuMillis, double weirCpuMillis, double requests, Timings reads) {

            Result withReads(List<Long> nanos) {
                return new Result(intervals, brokerCpuMillis, weirCpuMillis, requests, new Timings(nanos));
            }

            double requestsPerInterval() {
                return requests / intervals;
            }

            double brokerCpuMillisPerInterval() {
                return brokerCpuMillis / intervals;
            }

            double weirCpuMillisPerInterval() {
                return weirCpuMillis / intervals;
            }

            @Override
            public String toString() {
                return String.format("per interval: %.0f requests, broker CPU %.0f ms, Weir CPU %.0f ms; polls %s ms",
                        requestsPerInterval(), brokerCpuMillisPerInterval(), weirCpuMillisPerInterval(),
                        reads == null ? "-" : reads.runsMillis());
            }
        }

        private static long brokerCpu(long pid) {
            return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                    .orElseThrow(() -> new IllegalStateException("no CPU time for the broker process " + pid)).toNanos();
        }

        private static long weirCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /**
         * Requests sent so far by the benchmark's replicas' clients (client ids weir-bench-n2-r1,
         * weir-bench-n2-r1-timestamps, ...), by client. A client that has not sent yet has no
         * {@code request-total} and counts 0.
         */
        private static Map<String, Double> requestsSent() throws Exception {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Map<String, Double> sent = new java.util.HashMap<>();
            for (String pattern : List.of("kafka.admin.client:type=admin-client-metrics,*", "kafka.consumer:type=consumer-metrics,*")) {
                for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                    String client = name.getKeyProperty("client-id");
                    if (client != null && client.startsWith("weir-bench-n")) {
                        try {
                            sent.put(name.toString(), ((Number) server.getAttribute(name, "request-total")).doubleValue());
                        } catch (javax.management.AttributeNotFoundException notYet) {
                            // No request yet.
                        }
                    }
                }
            }
            return sent;
        }

        private static double since(Map<String, Double> start, Map<String, Double> end) {
            return end.entrySet().stream().mapToDouble(e -> e.getValue() - start.getOrDefault(e.getKey(), 0.0)).sum();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) throws IOException {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return zip.readAllBytes();
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
