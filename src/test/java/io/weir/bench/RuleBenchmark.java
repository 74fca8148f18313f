package io.weir.bench;

import com.sun.net.httpserver.HttpServer;
import io.weir.alerting.rules.RuleEvaluationTiming;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.history.SeriesStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule benchmark: 1,000 alerting rules in 10 groups over 100,000 series, evaluated by Weir
 * (over its in-memory history) and by a real Prometheus (Debian's package, scraping the same
 * series from a local exporter every 5 s and evaluating the same rule file every 5 s), in the same
 * run. Weir's figure is the sum of its groups' evaluation times, median of 5 after a warm-up;
 * Prometheus' is the sum of {@code prometheus_rule_group_last_duration_seconds} over the groups,
 * median of 5 evaluations. Not a test: {@code ./mvnw -B -Pbench test-compile exec:exec
 * -Dbench.main=io.weir.bench.RuleBenchmark}. Needs {@code prometheus} on the PATH.
 */
public final class RuleBenchmark {

    private static final int SHARDS = 1000;
    private static final int SERIES_PER_SHARD = 100;
    private static final int GROUPS = 10;
    private static final Duration STEP = Duration.ofSeconds(5);
    /** History Weir holds for the benchmark, and Prometheus gathers before it is measured. */
    private static final int STEPS = 18;
    private static final Pattern GROUP_DURATION = Pattern.compile(
            "^prometheus_rule_group_last_duration_seconds\\{rule_group=\"[^\"]*;(bench-\\d+)\"} (\\S+)$", Pattern.MULTILINE);

    private RuleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path work = Files.createDirectories(Path.of("target", "bench", "rules-" + System.currentTimeMillis()));
        Path rules = work.resolve("bench-rules.yml");
        Files.writeString(rules, ruleFile());
        out.printf("Rule benchmark: %d rules in %d groups over %d series, %d CPUs, work directory %s%n",
                SHARDS, GROUPS, SHARDS * SERIES_PER_SHARD, Runtime.getRuntime().availableProcessors(), work);

        ResultTable table = new ResultTable();
        Timings weir = weir(rules, out);
        double prometheus;
        try {
            prometheus = prometheus(rules, work, out);
        } catch (Exception e) {
            e.printStackTrace(out);
            table.failed("Prometheus rule evaluation", e.toString());
            table.print(out);
            System.exit(1);
            return;
        }
        table.timed("1000 rules over 100k series, all groups, median", weir.medianMillis(), prometheus,
                "no slower than Prometheus", weir.medianMillis() <= prometheus);
        table.note("Weir runs (ms): " + weir.runsMillis() + "; Prometheus: sum of prometheus_rule_group_last_duration_seconds");
        out.println();
        table.print(out);
        System.exit(0);
    }

    /** Rule k reads the 100 series of shard k with one of four shapes common in queue alerting. */
    static String ruleFile() {
        StringBuilder yaml = new StringBuilder("groups:\n");
        for (int group = 0; group < GROUPS; group++) {
            yaml.append("  - name: bench-").append(group).append("\n    rules:\n");
            for (int k = group * SHARDS / GROUPS; k < (group + 1) * SHARDS / GROUPS; k++) {
                String selector = "bench_messages{shard=\"s" + k + "\"}";
                String expr = switch (k % 4) {
                    case 0 -> "max_over_time(" + selector + "[1m]) > 1e9";
                    case 1 -> "sum by (shard) (rate(" + selector + "[1m])) > 1e9";
                    case 2 -> "predict_linear(" + selector + "[1m], 3600) > 1e9";
                    default -> "avg without (queue) (" + selector + ") > 1e9";
                };
                yaml.append("      - alert: Bench").append(k).append("\n        expr: ").append(expr).append('\n');
            }
        }
        return yaml.toString();
    }

    /** The value of series {@code i} at scrape {@code n}: a counter growing at its own pace. */
    private static double value(int i, long n) {
        return n * (1 + i % 7);
    }

    private static Timings weir(Path rules, PrintStream out) throws IOException {
        int series = SHARDS * SERIES_PER_SHARD;
        SeriesStore store = new SeriesStore(Duration.ofHours(1), STEPS + 1, series);
        Instant start = Instant.now().minus(STEP.multipliedBy(STEPS));
        for (int i = 0; i < series; i++) {
            SeriesKey key = SeriesKey.of("bench_messages", Map.of("shard", "s" + (i / SERIES_PER_SHARD), "queue", "q" + i));
            for (int n = 0; n <= STEPS; n++) {
                store.append(key, start.plus(STEP.multipliedBy(n)).toEpochMilli(), value(i, n));
            }
        }
        Instant at = start.plus(STEP.multipliedBy(STEPS));
        RuleEvaluationTiming timing = new RuleEvaluationTiming(rules);
        timing.evaluateAll(store, at);
        List<Long> runs = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            runs.add(timing.evaluateAll(store, at));
        }
        out.printf("Weir: %d rules evaluated, runs %s ms, %d alerts active%n", timing.rules(),
                new Timings(runs).runsMillis(), timing.activeAlerts());
        return new Timings(runs);
    }

    /** Starts the exporter and Prometheus, waits for history, returns the median summed group duration in ms. */
    private static double prometheus(Path rules, Path work, PrintStream out) throws Exception {
        AtomicLong scrapes = new AtomicLong();
        HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext("/metrics", exchange -> {
            byte[] body = exposition(scrapes.getAndIncrement());
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        });
        exporter.start();
        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: bench
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(rules.toAbsolutePath(), exporter.getAddress().getPort()));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Instant gathered = Instant.now().plus(STEP.multipliedBy(STEPS + 1));
            out.printf("Prometheus on 127.0.0.1:%d gathers %s of history first%n", port, STEP.multipliedBy(STEPS + 1));
            while (Instant.now().isBefore(gathered)) {
                if (!prometheus.isAlive()) {
                    throw new IllegalStateException("prometheus exited, see " + work.resolve("prometheus.log"));
                }
                Thread.sleep(1000);
            }
            List<Long> sums = new ArrayList<>();
            String last = "";
            while (sums.size() < 5) {
                Thread.sleep(STEP.toMillis());
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (metrics.equals(last)) {
                    continue;
                }
                last = metrics;
                Map<String, Double> byGroup = new TreeMap<>();
                Matcher row = GROUP_DURATION.matcher(metrics);
                while (row.find()) {
                    byGroup.put(row.group(1), Double.parseDouble(row.group(2)));
                }
                if (byGroup.size() == GROUPS) {
                    sums.add(Math.round(byGroup.values().stream().mapToDouble(Double::doubleValue).sum() * 1e9));
                }
            }
            Timings timings = new Timings(sums);
            out.printf("Prometheus: %d scrapes, summed group durations %s ms%n", scrapes.get(), timings.runsMillis());
            return timings.medianMillis();
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
            exporter.stop(0);
        }
    }

    private static byte[] exposition(long n) {
        StringBuilder text = new StringBuilder(8 * 1024 * 1024);
        text.append("# TYPE bench_messages gauge\n");
        for (int i = 0; i < SHARDS * SERIES_PER_SHARD; i++) {
            text.append("bench_messages{shard=\"s").append(i / SERIES_PER_SHARD).append("\",queue=\"q").append(i)
                    .append("\"} ").append(value(i, n)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
