package io.weir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of Kafka's own command-line tools ({@code kafka-tools}, the classes behind
 * {@code kafka-consumer-groups.sh}, {@code kafka-console-consumer.sh} and
 * {@code kafka-console-producer.sh}), resolved by Maven from {@code bench/kafka-tools/pom.xml}.
 */
public final class KafkaToolsClasspath {

    private KafkaToolsClasspath() {
    }

    /** Resolves it with {@code mvn} (the Maven running the benchmark); logs go to the work directory. */
    public static String resolve(String mvn, boolean offline, Path projectDir, Path workDir)
            throws IOException, InterruptedException {
        Path classpathFile = workDir.resolve("kafka-tools.classpath");
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "-f",
                projectDir.resolve("bench/kafka-tools/pom.xml").toString(), "dependency:build-classpath",
                "-Dmdep.outputFile=" + classpathFile));
        if (offline) {
            command.add("-o");
        }
        Path log = workDir.resolve("kafka-tools-classpath.log");
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (maven.waitFor() != 0 || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("could not resolve the classpath of kafka-tools: see " + log);
        }
        return Files.readString(classpathFile).strip();
    }
}
