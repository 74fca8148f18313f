package io.weir.bench.operations;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's {@code kafka-console-consumer.sh} and {@code kafka-console-producer.sh}: the classes
 * behind the scripts, each a JVM of its own on the classpath of {@code bench/kafka-tools/pom.xml},
 * piped together (or into another command) as a shell pipeline would.
 */
final class KafkaConsole {

    static final String CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    static final String PRODUCER = "org.apache.kafka.tools.ConsoleProducer";

    private final String classpath;
    private final String bootstrap;

    KafkaConsole(String classpath, String bootstrap) {
        this.classpath = classpath;
        this.bootstrap = bootstrap;
    }

    /** {@code kafka-console-consumer --from-beginning --max-messages n}, printing keys when asked. */
    ProcessBuilder consumer(String topic, String group, long maxMessages, boolean printKey) {
        List<String> command = java(CONSUMER);
        command.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--group", group,
                "--from-beginning", "--max-messages", String.valueOf(maxMessages)));
        if (printKey) {
            command.addAll(List.of("--formatter-property", "print.key=true"));
        }
        return new ProcessBuilder(command);
    }

    /** {@code kafka-console-producer --reader-property parse.key=true}: reads key TAB value lines. */
    ProcessBuilder producer(String topic) {
        List<String> command = java(PRODUCER);
        command.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--reader-property", "parse.key=true"));
        return new ProcessBuilder(command);
    }

    private List<String> java(String mainClass) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, mainClass));
    }

    /**
     * Starts {@code stages} as one pipeline: each one's stdout into the next one's stdin, every
     * stderr into {@code errors}, the last stdout into {@code output}.
     */
    static List<Process> pipeline(Path errors, Redirect output, ProcessBuilder... stages) throws IOException {
        for (ProcessBuilder stage : stages) {
            stage.redirectError(Redirect.appendTo(errors.toFile()));
        }
        stages[stages.length - 1].redirectOutput(output);
        return ProcessBuilder.startPipeline(List.of(stages));
    }

    /** Throws if a stage of the pipeline has exited with an error (while its output is awaited elsewhere). */
    static void requireRunning(List<Process> pipeline, Path errors) {
        for (Process process : pipeline) {
            if (!process.isAlive() && process.exitValue() != 0) {
                pipeline.forEach(Process::destroyForcibly);
                throw new IllegalStateException("a console tool exited with " + process.exitValue() + ": see " + errors);
            }
        }
    }

    /** Waits for every process of a pipeline; any that fails or outlives {@code minutes} is an error. */
    static void await(List<Process> pipeline, long minutes, Path errors) throws InterruptedException {
        for (Process process : pipeline) {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                pipeline.forEach(Process::destroyForcibly);
                throw new IllegalStateException("a console tool ran longer than " + minutes + " min: see " + errors);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("a console tool exited with " + process.exitValue() + ": see " + errors);
            }
        }
    }
}
