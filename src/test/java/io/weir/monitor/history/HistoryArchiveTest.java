package io.weir.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The downsampled history in the real (H2) database, through the Flyway schema. */
@QuarkusTest
class HistoryArchiveTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 29_000_000L * MINUTE;

    @Inject
    AgroalDataSource database;

    @Test
    void keepsTheLastSampleOfEachEndedMinuteOnce() throws Exception {
        SeriesKey key = SeriesKey.of("weir_queue_messages", Map.of("source", "s-" + UUID.randomUUID(), "queue", "q"));
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 1000, 100);
        for (int second = 0; second < 180; second += 10) {
            store.append(key, T0 + second * 1000L, second);
        }
        HistoryArchive archive = new HistoryArchive(database);
        archive.archive(store, T0 + 2 * MINUTE + 30_000);
        assertThat(archive.range(key, T0, T0 + 10 * MINUTE))
                .containsExactly(new Sample(T0, 50), new Sample(T0 + MINUTE, 110));

        archive.archive(store, T0 + 2 * MINUTE + 40_000);
        archive.archive(store, T0 + 3 * MINUTE + 1);
        assertThat(archive.range(key, T0, T0 + 10 * MINUTE)).extracting(Sample::value).containsExactly(50.0, 110.0, 170.0);
    }

    @Test
    void pruneDeletesValuesOlderThanTheRetention() throws Exception {
        SeriesKey key = SeriesKey.of("weir_queue_messages", Map.of("source", "s-" + UUID.randomUUID(), "queue", "q"));
        SeriesStore store = new SeriesStore(Duration.ofDays(30), 1000, 100);
        long base = T0 + 100 * MINUTE;
        store.append(key, base, 1);
        store.append(key, base + 10 * MINUTE, 2);
        HistoryArchive archive = new HistoryArchive(database);
        archive.archive(store, base + 20 * MINUTE);
        archive.prune(Duration.ofMinutes(15), base + 20 * MINUTE);
        assertThat(archive.range(key, 0, Long.MAX_VALUE)).extracting(Sample::value).containsExactly(2.0);
    }
}
