package io.weir.bench;

import io.weir.core.BrokerSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import io.weir.sources.rabbitmq.RabbitMqSource;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RabbitMQ half of the benchmark: declares the queues, times Weir's full poll
 * ({@code RabbitMqSource.read()}) against the raw management API call
 * {@code curl -s -u guest:guest <management>/api/queues} (the whole command), and deletes the queues.
 */
final class RabbitBenchmark {

    static final int RUNS = 5;
    private static final String USER = "guest";
    private static final String PASSWORD = "guest";

    private final BenchSettings settings;
    private final PrintStream log;

    RabbitBenchmark(BenchSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    void run(ResultTable table) throws Exception {
        try (RabbitBenchQueues queues = new RabbitBenchQueues(settings.rabbitHost(), settings.rabbitPort(),
                settings.rabbitManagementUrl(), USER, PASSWORD, settings.prefix(), log)) {
            log.printf("Declaring %d queues on RabbitMQ...%n", settings.queues());
            long start = System.nanoTime();
            queues.declare(settings.queues());
            queues.awaitListed();
            log.printf("  declared and listed by the management API in %.1f s%n", (System.nanoTime() - start) / 1e9);
            measure(table, queues.count());
            log.println("Deleting the RabbitMQ queues...");
        }
    }

    private void measure(ResultTable table, int created) throws Exception {
        SourceSettings source = new SourceSettings("bench-rabbit", SourceKind.RABBITMQ, settings.rabbitManagementUrl(),
                Optional.of(USER), Optional.of(PASSWORD), Optional.empty(), Duration.ofSeconds(10),
                Duration.ofSeconds(60), Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
        log.printf("Timing Weir's RabbitMqSource.read() and curl .../api/queues: 1 warm-up, %d runs each...%n", RUNS);
        List<Long> weirNanos = new ArrayList<>();
        long returned;
        try (RabbitMqSource rabbit = new RabbitMqSource(source)) {
            BrokerSnapshot snapshot = rabbit.read();
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                snapshot = rabbit.read();
                weirNanos.add(System.nanoTime() - start);
            }
            returned = snapshot.queues().stream().filter(queue -> queue.name().startsWith(settings.prefix())).count();
        }
        curl();
        List<Long> curlNanos = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            curlNanos.add(curl());
        }
        Timings weir = new Timings(weirNanos);
        Timings raw = new Timings(curlNanos);
        log.printf("  Weir runs %s ms; curl runs %s ms%n", weir.runsMillis(), raw.runsMillis());
        table.timed("RabbitMQ full poll vs raw /api/queues, median of " + RUNS, weir.medianMillis(),
                raw.medianMillis(), "< 1 s", weir.medianMillis() < 1000);
        table.timed("RabbitMQ full poll vs raw /api/queues, max", weir.maxMillis(), raw.maxMillis(), "< 1 s",
                weir.maxMillis() < 1000);
        table.value("queues returned (of " + created + " created)", String.valueOf(returned), "",
                String.valueOf(created), returned == created);
    }

    /** Wall time of the whole curl command; its answer is discarded, a failure is not. */
    private long curl() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process curl = new ProcessBuilder("curl", "-s", "-f", "-u", USER + ":" + PASSWORD,
                settings.rabbitManagementUrl() + "/api/queues")
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.INHERIT).start();
        int exit = curl.waitFor();
        long nanos = System.nanoTime() - start;
        if (exit != 0) {
            throw new IllegalStateException("curl .../api/queues exited with " + exit);
        }
        return nanos;
    }
}
