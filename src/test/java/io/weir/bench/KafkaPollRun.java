package io.weir.bench;

import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.RecordingPipeline;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Weir's side of the Kafka benchmark, run by {@link MonitoringBenchmark} in a JVM of its own so
 * that the resident set it reports is that of Weir's work alone, not of building the workload.
 * Polls once to warm up, then {@code runs} times at Weir's default interval of 10 s, and records
 * every snapshot as Weir does (history, lag tracker, Prometheus registry:
 * {@link RecordingPipeline}). Then it fills what grows with time as {@code fillPolls} more polls at a 10 s interval would: the last snapshot is
 * recorded again in full until the lag tracker holds its most points ({@link #FULL_RECORDS}),
 * and for the remaining polls the history repeats its latest values. It scrapes the metrics once
 * and reports the resident set. Each poll hands up to 200 next messages of the benchmark's stuck
 * groups not read yet (the default budget) to the source's background reader, which reads them
 * before the next poll. A second source that reads no timestamps polls the same cluster halfway
 * between, at the same interval, so that both are timed under the same load and the difference is
 * what the reads cost the poll. Prints one {@code RESULT key value} line per figure on stdout.
 *
 * <p>Arguments: bootstrap servers, number of timed runs, the prefix of the benchmark's topics and
 * groups, the number of polls to fill the history with.
 */
public final class KafkaPollRun {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(10);
    /** Full recordings after which the lag tracker holds its most points (60 by default). */
    private static final int FULL_RECORDS = 60;

    private KafkaPollRun() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        int runs = Integer.parseInt(args[1]);
        String prefix = args[2];
        int fillPolls = Integer.parseInt(args[3]);
        // As in Weir (quarkus.log.category."org.apache.kafka".level=WARN). Without a logging
        // configuration the log manager would also keep every record in memory, which Weir does not.
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
        SourceSettings settings = new SourceSettings("bench", SourceKind.KAFKA, bootstrapServers,
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
        RecordingPipeline pipeline = new RecordingPipeline();
        try (KafkaSource source = new KafkaSource(settings)) {
            long warmUp = System.nanoTime();
            BrokerSnapshot snapshot = source.read();
            result("warmup-nanos", System.nanoTime() - warmUp);
            Instant at = Instant.now();
            pipeline.record(SourceSnapshot.up("bench", SourceKind.KAFKA, bootstrapServers, at, Duration.ZERO, snapshot));
            // Closed before the memory is measured: Weir would not hold it.
            try (KafkaSource plain = new KafkaSource(settings.withLagTimestampReads(0))) {
                plain.read();
                for (int i = 0; i < runs; i++) {
                    long due = System.nanoTime() + POLL_INTERVAL.toNanos();
                    sleepUntil(due - POLL_INTERVAL.toNanos() / 2);
                    long start = System.nanoTime();
                    plain.read();
                    result("read-nanos-without-timestamps", System.nanoTime() - start);
                    sleepUntil(due);
                    if (i == runs - 1) {
                        // The rounds handed by the earlier polls have ended (their results are exact in this poll).
                        result("reader-cpu-nanos", readerCpuNanos());
                    }
                    start = System.nanoTime();
                    snapshot = source.read();
                    result("read-nanos", System.nanoTime() - start);
                    at = Instant.now();
                    start = System.nanoTime();
                    pipeline.record(SourceSnapshot.up("bench", SourceKind.KAFKA, bootstrapServers, at, Duration.ZERO,
                            snapshot));
                    result("record-nanos", System.nanoTime() - start);
                }
            }
            report(snapshot, prefix);
            long fillStart = System.nanoTime();
            for (int i = 1; i <= fillPolls; i++) {
                Instant next = at.plus(POLL_INTERVAL.multipliedBy(i));
                if (i <= FULL_RECORDS) {
                    pipeline.record(SourceSnapshot.up("bench", SourceKind.KAFKA, bootstrapServers, next, Duration.ZERO,
                            snapshot));
                } else {
                    pipeline.repeatLatest(next);
                }
            }
            result("fill-nanos", System.nanoTime() - fillStart);
            result("scrape-bytes", pipeline.scrape().length());
            result("history-series", pipeline.historySeries());
            result("history-kb", pipeline.historyBytes() / 1024);
            result("rss-kb", residentKilobytes());
            // What the JVM needs, as opposed to what it took: the heap after a full GC, snapshot and history held.
            System.gc();
            result("live-heap-kb", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);
            result("snapshot-groups", snapshot.groups().size());
        }
    }

    private static void report(BrokerSnapshot snapshot, String prefix) {
        result("groups", snapshot.groups().size());
        result("topics", snapshot.queues().size());
        result("partitions", snapshot.queues().stream().mapToLong(queue -> queue.partitions().size()).sum());
        result("bench-groups", snapshot.groups().stream().filter(group -> group.group().startsWith(prefix)).count());
        result("bench-partitions", snapshot.queues().stream().filter(queue -> queue.name().startsWith(prefix))
                .mapToLong(queue -> queue.partitions().size()).sum());
        result("bench-committed", snapshot.groups().stream().filter(group -> group.group().startsWith(prefix))
                .flatMap(group -> group.offsets().stream())
                .filter(offset -> offset.committedOffset() != null).count());
        result("bench-lag", snapshot.groups().stream().filter(group -> group.group().startsWith(prefix))
                .flatMap(group -> group.offsets().stream())
                .map(GroupSnapshot.GroupOffset::lag).filter(lag -> lag != null).mapToLong(Long::longValue).sum());
        result("bench-exact", snapshot.groups().stream().filter(group -> group.group().startsWith(prefix))
                .flatMap(group -> group.offsets().stream()).filter(offset -> offset.nextRecord() != null).count());
        result("bench-messages", snapshot.queues().stream().filter(queue -> queue.name().startsWith(prefix))
                .mapToLong(QueueSnapshot::messages).sum());
    }

    /** CPU time of the source's background timestamp reader so far (its thread is named after the source). */
    private static long readerCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("weir-bench-lag-timestamps"))
                .mapToLong(thread -> threads.getThreadCpuTime(thread.getId())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no background timestamp reader thread"));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    /** VmRSS of this process from {@code /proc/self/status}. */
    static long residentKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static void result(String key, long value) {
        System.out.println("RESULT " + key + " " + value);
    }
}
