package io.weir.bench;

import java.io.PrintStream;
import java.nio.file.Files;

/**
 * The monitoring benchmark: Weir's full poll of a large Kafka cluster and of a RabbitMQ server
 * with thousands of queues, each timed against its peer (Kafka's {@code kafka-consumer-groups},
 * a raw {@code curl} of the management API) in the same run, printed as one table. Not a test:
 * run it with {@code ./mvnw -B -Pbench test-compile exec:exec} (see the README). Sizes come from
 * {@link BenchSettings}. Everything it creates carries a random prefix and is deleted before it
 * exits, also when a step fails. Exits 1 when a part could not be measured.
 */
public final class MonitoringBenchmark {

    private MonitoringBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        quietClientLogs();
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Files.createDirectories(settings.workDir());
        PrintStream out = System.out;
        out.printf("Weir monitoring benchmark, prefix %s, %d CPUs, work directory %s%n", settings.prefix(),
                Runtime.getRuntime().availableProcessors(), settings.workDir());

        ResultTable table = new ResultTable();
        try {
            new KafkaBenchmark(settings, out).run(table);
        } catch (Exception e) {
            e.printStackTrace(out);
            table.failed("Kafka", e.toString());
        }
        try {
            new RabbitBenchmark(settings, out).run(table);
        } catch (Exception e) {
            e.printStackTrace(out);
            table.failed("RabbitMQ", e.toString());
        }

        out.println();
        out.printf("Kafka: %d topics x %d partitions, %d groups with %d committed partitions each; "
                        + "RabbitMQ: %d queues. Ratio = peer / Weir.%n", settings.topics(), settings.partitions(),
                settings.groups(), 2 * KafkaBenchCluster.COMMITS_PER_TOPIC, settings.queues());
        table.print(out);
        System.exit(table.anyFailed() ? 1 : 0);
    }

    // The Kafka clients log every configuration at INFO; the benchmark's output is its table.
    private static void quietClientLogs() {
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
    }
}
