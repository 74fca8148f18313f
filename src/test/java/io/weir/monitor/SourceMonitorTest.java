package io.weir.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.SourceKind;
import io.weir.core.SourceSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import io.weir.sources.rabbitmq.RabbitMqSource;
import io.weir.testing.KafkaProcess;
import io.weir.testing.SilentServer;
import io.weir.testing.TcpProxy;
import io.weir.testing.TestServices;
import java.nio.file.Path;
import io.weir.monitor.history.SeriesStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against real brokers: the shared Kafka and RabbitMQ from {@code .ci/services up}, a
 * Kafka broker of this test's own (so it can be stopped), and a proxy in front of the shared
 * RabbitMQ's management port (stopping the shared node would break other tests, so the proxy is
 * what goes down).
 */
class SourceMonitorTest {

    private static final Duration INTERVAL = Duration.ofMillis(1000);
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private final List<SourceSnapshot> published = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SourceMonitor monitor;

    @BeforeAll
    static void requireServices() {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        TestServices.requireReachable("127.0.0.1", 15672, "the RabbitMQ management API");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (monitor != null) {
            monitor.stop(null);
        }
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void hangingSourcesDoNotDelayTheOthers() throws Exception {
        SilentServer silent = closeLater(new SilentServer());
        String silentAddress = "127.0.0.1:" + silent.port();
        startMonitor(
                kafka("kafka", TestServices.KAFKA_BOOTSTRAP, Duration.ofMillis(500)),
                rabbit("rabbit", TestServices.RABBITMQ_MANAGEMENT_URL, "guest", Duration.ofMillis(500)),
                kafka("silent-kafka", silentAddress, INTERVAL),
                rabbit("silent-rabbit", "http://" + silentAddress, "guest", INTERVAL));

        Thread.sleep(6000);

        for (String healthy : List.of("kafka", "rabbit")) {
            List<SourceSnapshot> polls = polls(healthy);
            assertThat(polls).as(healthy + " polls").hasSizeGreaterThanOrEqualTo(9).allMatch(SourceSnapshot::isUp);
            for (int i = 1; i < polls.size(); i++) {
                Duration gap = Duration.between(polls.get(i - 1).takenAt(), polls.get(i).takenAt());
                assertThat(gap).as("gap between two polls of " + healthy).isLessThan(Duration.ofMillis(900));
            }
        }
        for (String hanging : List.of("silent-kafka", "silent-rabbit")) {
            List<SourceSnapshot> polls = polls(hanging);
            assertThat(polls).as(hanging + " polls").isNotEmpty().noneMatch(SourceSnapshot::isUp);
            assertThat(polls.get(0).error()).contains("1500 ms");
            assertThat(polls.get(0).pollDuration()).isLessThan(TIMEOUT.plusMillis(500));
        }
    }

    @Test
    void kafkaSourceGoesDownWithinOnePollIntervalAfterTheBrokerStopsAndUpAfterItRestarts(@TempDir Path dir)
            throws Exception {
        KafkaProcess broker = closeLater(KafkaProcess.start(dir, 29192, 29193));
        startMonitor(kafka("own-kafka", broker.bootstrapServers(), INTERVAL));
        awaitSnapshot("own-kafka", SourceSnapshot::isUp, Instant.now(), Duration.ofSeconds(20));

        Instant stopped = Instant.now();
        broker.stop();
        SourceSnapshot down = awaitSnapshot("own-kafka", s -> true, Instant.now(), INTERVAL.plus(TIMEOUT).plusSeconds(1));
        assertThat(down.isUp()).as("the first poll after the broker stopped").isFalse();
        assertThat(down.error()).contains(broker.bootstrapServers());
        assertThat(Duration.between(stopped, down.takenAt())).isLessThanOrEqualTo(INTERVAL.plusMillis(200));

        broker.restart();
        SourceSnapshot up = awaitSnapshot("own-kafka", SourceSnapshot::isUp, Instant.now(), Duration.ofSeconds(15));
        assertThat(up.broker().health().nodes()).hasSize(1);
        assertThat(up.broker().health().version()).startsWith("4.3");
    }

    @Test
    void rabbitMqSourceGoesDownWhenItsManagementApiStopsAnsweringAndUpWhenItReturns() throws Exception {
        TcpProxy proxy = closeLater(TcpProxy.start("127.0.0.1", 15672));
        startMonitor(rabbit("proxied-rabbit", "http://127.0.0.1:" + proxy.port(), "guest", INTERVAL));
        SourceSnapshot up = awaitSnapshot("proxied-rabbit", SourceSnapshot::isUp, Instant.now(), Duration.ofSeconds(10));
        assertThat(up.broker().health().version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(up.broker().health().nodesUp()).isGreaterThanOrEqualTo(1);

        proxy.stop();
        SourceSnapshot down = awaitSnapshot("proxied-rabbit", s -> true, Instant.now(), INTERVAL.plus(TIMEOUT).plusSeconds(1));
        assertThat(down.isUp()).as("the first poll after the API went away").isFalse();
        assertThat(down.error()).contains("connection refused");

        proxy.resume();
        awaitSnapshot("proxied-rabbit", SourceSnapshot::isUp, Instant.now(), INTERVAL.plus(TIMEOUT).plusSeconds(2));
    }

    @Test
    void rabbitMqSourceWithWrongCredentialsIsDownWithTheReason() throws Exception {
        startMonitor(rabbit("wrong-password", TestServices.RABBITMQ_MANAGEMENT_URL, "not-the-password", INTERVAL));
        SourceSnapshot snapshot = awaitSnapshot("wrong-password", s -> true, Instant.now(), Duration.ofSeconds(5));
        assertThat(snapshot.isUp()).isFalse();
        assertThat(snapshot.error()).contains("refused the credentials").doesNotContain("not-the-password");
    }

    private void startMonitor(BrokerSource... sources) {
        monitor = new SourceMonitor(new SourceRegistry(List.of(sources)),
                new SnapshotRecorder(new MonitorMetrics(new SimpleMeterRegistry()), new SeriesStore(Duration.ofHours(1), 100, 1000)));
        monitor.subscribe(published::add);
        monitor.start(null);
    }

    private List<SourceSnapshot> polls(String source) {
        return published.stream().filter(s -> s.source().equals(source)).toList();
    }

    /** The first snapshot of {@code source} taken after {@code after} that matches, waiting up to {@code within}. */
    private SourceSnapshot awaitSnapshot(String source, Predicate<SourceSnapshot> matches, Instant after,
            Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            Optional<SourceSnapshot> found = published.stream()
                    .filter(s -> s.source().equals(source) && !s.takenAt().isBefore(after) && matches.test(s))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching snapshot of " + source + " within " + within + "; saw " + polls(source));
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static BrokerSource kafka(String name, String bootstrap, Duration interval) {
        return new KafkaSource(settings(name, SourceKind.KAFKA, bootstrap, Optional.empty(), interval));
    }

    private static BrokerSource rabbit(String name, String url, String password, Duration interval) {
        return new RabbitMqSource(settings(name, SourceKind.RABBITMQ, url, Optional.of(password), interval));
    }

    private static SourceSettings settings(String name, SourceKind kind, String address, Optional<String> password,
            Duration interval) {
        return new SourceSettings(name, kind, address, Optional.of("guest"), password, Optional.empty(), interval,
                TIMEOUT, Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
    }
}
