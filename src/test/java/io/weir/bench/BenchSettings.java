package io.weir.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one benchmark run builds and where, from system properties ({@code -Dbench.topics=20}),
 * each with the default of the monitoring issue.
 *
 * @param prefix start of every topic, group and queue name of this run, e.g. {@code bench-3f9a1c07}
 * @param kafkaBootstrap a broker to use instead of starting one; blank starts the benchmark's own
 * @param mvn the Maven that resolves the kafka-tools classpath
 * @param weirJvmOptions options of the JVM that runs Weir's Kafka polls and recording; by default the
 *     options the README recommends for Weir
 * @param weirFillPolls polls' worth of history Weir's JVM holds when its memory is measured
 */
record BenchSettings(String prefix, Path projectDir, Path workDir, int topics, int partitions, int groups,
        int queues, String kafkaBootstrap, String kafkaHeap, String rabbitHost, int rabbitPort,
        String rabbitManagementUrl, String mvn, boolean offline, List<String> weirJvmOptions,
        int weirFillPolls) {

    /** The JVM options the README and the Helm chart recommend for Weir; keep the three in step. */
    static final String RECOMMENDED_JVM_OPTIONS = "-Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m -Xss512k";

    static BenchSettings fromSystemProperties() {
        Path projectDir = Path.of(System.getProperty("bench.project-dir", ".")).toAbsolutePath().normalize();
        String prefix = "bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String jvmOptions = System.getProperty("bench.weir.jvm-options", "").isBlank() ? RECOMMENDED_JVM_OPTIONS
                : System.getProperty("bench.weir.jvm-options");
        return new BenchSettings(prefix, projectDir, projectDir.resolve("target/bench"),
                Integer.getInteger("bench.topics", 100), Integer.getInteger("bench.partitions", 100),
                Integer.getInteger("bench.groups", 1000), Integer.getInteger("bench.queues", 5000),
                System.getProperty("bench.kafka.bootstrap", ""), System.getProperty("bench.kafka.heap", "2g"),
                System.getProperty("bench.rabbit.host", "127.0.0.1"), Integer.getInteger("bench.rabbit.port", 5672),
                System.getProperty("bench.rabbit.management-url", "http://127.0.0.1:15672"),
                System.getProperty("bench.mvn", "mvn"), Boolean.getBoolean("bench.offline"),
                Arrays.stream(jvmOptions.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList(),
                Integer.getInteger("bench.weir.fill-polls", 2160));
    }
}
