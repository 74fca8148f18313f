package io.weir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kafka distribution's jars (the broker and its command-line tools) as the classpath
 * {@code .ci/services up} resolved from {@code .ci/kafka/pom.xml}, so that tests run Kafka's own
 * programs in JVMs of their own without the jars on the test classpath.
 */
public final class KafkaDistribution {

    private KafkaDistribution() {
    }

    /** @throws IllegalStateException if {@code .ci/services up} has not written it */
    public static String classpath() {
        Path file = Path.of(System.getenv().getOrDefault("WEIR_SERVICES_DIR", "/tmp/weir-services"), "kafka.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Kafka classpath " + file + " is missing: run .ci/services up first");
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
