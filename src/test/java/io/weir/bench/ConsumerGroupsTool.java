package io.weir.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own {@code kafka-consumer-groups.sh --describe --all-groups}: the class
 * {@code ConsumerGroupCommand} of {@code kafka-tools}, run as a JVM of its own on the classpath
 * that {@link KafkaToolsClasspath} resolves, exactly as an operator would run the script.
 */
final class ConsumerGroupsTool {

    private static final String MAIN_CLASS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    private static final long RUN_LIMIT_MINUTES = 10;

    /** One run: the wall time of the whole command, and what it printed for the benchmark's groups. */
    record Run(long nanos, int groups, int rows) {
    }

    private final String classpath;
    private final Path workDir;

    private ConsumerGroupsTool(String classpath, Path workDir) {
        this.classpath = classpath;
        this.workDir = workDir;
    }

    /** Resolves the tool's classpath with Maven ({@code mvn} is the Maven running the benchmark). */
    static ConsumerGroupsTool resolve(String mvn, boolean offline, Path projectDir, Path workDir)
            throws IOException, InterruptedException {
        return new ConsumerGroupsTool(KafkaToolsClasspath.resolve(mvn, offline, projectDir, workDir), workDir);
    }

    /** Runs {@code --describe --all-groups} once; its output is kept in the work directory. */
    Run describeAllGroups(String bootstrapServers, String prefix, int runNumber) throws IOException, InterruptedException {
        Path output = workDir.resolve("consumer-groups-" + runNumber + ".txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, MAIN_CLASS, "--bootstrap-server", bootstrapServers,
                "--describe", "--all-groups", "--timeout", "60000");
        long start = System.nanoTime();
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!tool.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            tool.destroyForcibly();
            throw new IllegalStateException("kafka-consumer-groups did not finish within " + RUN_LIMIT_MINUTES + " min");
        }
        long nanos = System.nanoTime() - start;
        if (tool.exitValue() != 0) {
            throw new IllegalStateException("kafka-consumer-groups exited with " + tool.exitValue() + ": see " + output);
        }
        return count(nanos, Files.readAllLines(output), prefix);
    }

    // Table rows read: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    private static Run count(long nanos, List<String> lines, String prefix) {
        Set<String> groups = new HashSet<>();
        int rows = 0;
        for (String line : lines) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 6 && cells[0].startsWith(prefix)) {
                groups.add(cells[0]);
                rows++;
            }
        }
        return new Run(nanos, groups.size(), rows);
    }
}
