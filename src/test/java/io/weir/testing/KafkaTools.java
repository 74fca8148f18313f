package io.weir.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's command-line tools (kafka-topics, kafka-console-producer, ...) run as their main
 * classes from the {@link KafkaDistribution}, each in a JVM of its own as the shell scripts of a
 * Kafka installation run them, with a deadline.
 */
public final class KafkaTools {

    public static final String TOPICS = "org.apache.kafka.tools.TopicCommand";
    public static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    public static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    public static final String CONSUMER_GROUPS = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";

    /** What a tool printed and how it exited. */
    public record Run(String command, int exitCode, String stdout, String stderr) {

        /** @throws AssertionError unless the tool exited 0, with its output */
        public Run succeeded() {
            if (exitCode != 0) {
                throw new AssertionError(command + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }

        public List<String> lines() {
            return stdout.lines().toList();
        }
    }

    private final String classpath = KafkaDistribution.classpath();
    private final Path workDir;

    /** {@code workDir}: where the tools' input and output files go. */
    public KafkaTools(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Runs the tool's main class with {@code args}, {@code stdin} as its standard input, and
     * waits for it to exit.
     *
     * @throws AssertionError if it does not exit within {@code timeout}; it is killed then
     */
    public Run run(Duration timeout, String stdin, String mainClass, String... args) {
        try {
            Path dir = Files.createTempDirectory(workDir, "tool");
            Path in = Files.writeString(dir.resolve("stdin"), stdin, StandardCharsets.UTF_8);
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // a short-lived client: start fast, little heap
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-cp", classpath, mainClass));
            command.addAll(List.of(args));
            String shown = mainClass.substring(mainClass.lastIndexOf('.') + 1) + " " + String.join(" ", args);
            Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(shown + " did not exit within " + timeout + "\nstdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Run(shown, process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a Kafka tool", e);
        }
    }
}
