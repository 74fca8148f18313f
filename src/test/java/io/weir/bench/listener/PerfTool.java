package io.weir.bench.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code kafka-producer-perf-test} and {@code kafka-consumer-perf-test}: their main
 * classes from kafka-tools, each in a JVM of its own, as the shell scripts run them. The figures
 * are what the tools print, parsed.
 */
final class PerfTool {

    private static final Pattern PRODUCED = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\),"
            + " ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");
    private static final long LIMIT_MINUTES = 10;

    private final String classpath;

    PerfTool(String classpath) {
        this.classpath = classpath;
    }

    /** One producer's final summary line. */
    record Produced(long records, double recordsPerSecond, double megabytesPerSecond, double averageMillis, long p50Millis,
            long p99Millis) {
    }

    /** What one consumer run printed: the whole run's and the fetch phase's throughput. */
    record Consumed(long records, double megabytesPerSecond, double fetchMegabytesPerSecond) {
    }

    /** Starts a producer; {@link #produced} waits for it. */
    Process startProducer(String bootstrap, String topic, long records, int recordSize, Map<String, String> producerProps)
            throws IOException {
        List<String> command = java("org.apache.kafka.tools.ProducerPerformance");
        command.addAll(List.of("--topic", topic, "--num-records", Long.toString(records), "--record-size",
                Integer.toString(recordSize), "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        producerProps.forEach((name, value) -> command.add(name + "=" + value));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static Produced produced(Process producer) throws IOException, InterruptedException {
        String output = finish(producer, "kafka-producer-perf-test");
        Produced last = null;
        for (String line : output.lines().toList()) {
            Matcher m = PRODUCED.matcher(line);
            if (m.find()) {
                last = new Produced(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), Long.parseLong(m.group(6)), Long.parseLong(m.group(8)));
            }
        }
        if (last == null) {
            throw new IllegalStateException("kafka-producer-perf-test printed no summary:\n" + output);
        }
        return last;
    }

    Consumed consume(String bootstrap, String topic, long records, String group) throws IOException, InterruptedException {
        List<String> command = java("org.apache.kafka.tools.ConsumerPerformance");
        command.addAll(List.of("--bootstrap-server", bootstrap, "--topic", topic, "--messages", Long.toString(records),
                "--group", group, "--timeout", "60000"));
        String output = finish(new ProcessBuilder(command).redirectErrorStream(true).start(), "kafka-consumer-perf-test");
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("start.time")) {
                List<String> names = List.of(lines.get(i).split(",\\s*"));
                String[] values = lines.get(i + 1).split(",\\s*");
                long consumed = Long.parseLong(values[names.indexOf("data.consumed.in.nMsg")]);
                if (consumed < records) {
                    throw new IllegalStateException("kafka-consumer-perf-test read " + consumed + " of " + records + ":\n" + output);
                }
                return new Consumed(consumed, Double.parseDouble(values[names.indexOf("MB.sec")]),
                        Double.parseDouble(values[names.indexOf("fetch.MB.sec")]));
            }
        }
        throw new IllegalStateException("kafka-consumer-perf-test printed no figures:\n" + output);
    }

    private List<String> java(String mainClass) {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", classpath, mainClass));
    }

    private static String finish(Process process, String tool) throws IOException, InterruptedException {
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(tool + " did not end within " + LIMIT_MINUTES + " min");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(tool + " exited with " + process.exitValue() + ":\n" + text);
        }
        return text;
    }
}
