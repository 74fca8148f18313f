package io.weir.bench;

import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Weir's side of the Kafka benchmark, run by {@link MonitoringBenchmark} in a JVM of its own so
 * that the resident set it reports is that of polling alone, not of building the workload. Polls
 * once to warm up, then {@code runs} times, and prints one {@code RESULT key value} line per
 * figure on stdout.
 *
 * <p>Arguments: bootstrap servers, number of timed runs, the prefix of the benchmark's topics and groups.
 */
public final class KafkaPollRun {

    private KafkaPollRun() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        int runs = Integer.parseInt(args[1]);
        String prefix = args[2];
        SourceSettings settings = new SourceSettings("bench", SourceKind.KAFKA, bootstrapServers,
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
        try (KafkaSource source = new KafkaSource(settings)) {
            long warmUp = System.nanoTime();
            BrokerSnapshot snapshot = source.read();
            result("warmup-nanos", System.nanoTime() - warmUp);
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                snapshot = source.read();
                result("read-nanos", System.nanoTime() - start);
            }
            report(snapshot, prefix);
            result("rss-kb", residentKilobytes());
            // What the JVM needs, as opposed to what it took: the heap after a full GC, the snapshot still held.
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
        result("bench-messages", snapshot.queues().stream().filter(queue -> queue.name().startsWith(prefix))
                .mapToLong(QueueSnapshot::messages).sum());
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
