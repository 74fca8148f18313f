package io.weir.monitor.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The downsampled history in the real (H2) database, through the Flyway schema. */
@QuarkusTest
class HistoryArchiveTest {

    private static final long MINUTE = 60_000;

    @Inject
    AgroalDataSource database;

    /** Leaves no future minute behind, or a later archive in this database would skip every real one. */
    @AfterEach
    void deleteFutureMinutes() throws Exception {
        try (var connection = database.getConnection();
                var delete = connection.prepareStatement("DELETE FROM history_sample WHERE epoch_minute > ?")) {
            delete.setLong(1, System.currentTimeMillis() / MINUTE + 60);
            delete.executeUpdate();
        }
    }

    @Test
    void keepsTheLastSampleOfEachEndedMinuteOnce() throws Exception {
        long t0 = afterEverythingArchived();
        SeriesKey key = SeriesKey.of("weir_queue_messages", Map.of("source", "s-" + UUID.randomUUID(), "queue", "q"));
        SeriesStore store = new SeriesStore(Duration.ofDays(1), 1000, 100);
        for (int second = 0; second < 180; second += 10) {
            store.append(key, t0 + second * 1000L, second);
        }
        HistoryArchive archive = new HistoryArchive(database);
        archive.archive(store, t0 + 2 * MINUTE + 30_000);
        assertThat(archive.range(key, t0, t0 + 10 * MINUTE))
                .containsExactly(new Sample(t0, 50), new Sample(t0 + MINUTE, 110));

        archive.archive(store, t0 + 2 * MINUTE + 40_000);
        archive.archive(store, t0 + 3 * MINUTE + 1);
        assertThat(archive.range(key, t0, t0 + 10 * MINUTE)).extracting(Sample::value).containsExactly(50.0, 110.0, 170.0);
    }

    /**
     * A minute a day after the latest one in the database: an archive only writes minutes after
     * that one, and this test run's application archives its own minutes into the same database.
     */
    private long afterEverythingArchived() throws Exception {
        try (var connection = database.getConnection();
                var last = connection.createStatement().executeQuery("SELECT MAX(epoch_minute) FROM history_sample")) {
            last.next();
            return (Math.max(last.getLong(1), System.currentTimeMillis() / MINUTE) + 24 * 60) * MINUTE;
        }
    }

    @Test
    void pruneDeletesValuesOlderThanTheRetention() throws Exception {
        SeriesKey key = SeriesKey.of("weir_queue_messages", Map.of("source", "s-" + UUID.randomUUID(), "queue", "q"));
        SeriesStore store = new SeriesStore(Duration.ofDays(30), 1000, 100);
        long base = afterEverythingArchived();
        store.append(key, base, 1);
        store.append(key, base + 10 * MINUTE, 2);
        HistoryArchive archive = new HistoryArchive(database);
        archive.archive(store, base + 20 * MINUTE);
        archive.prune(Duration.ofMinutes(15), base + 20 * MINUTE);
        assertThat(archive.range(key, 0, Long.MAX_VALUE)).extracting(Sample::value).containsExactly(2.0);
    }
}
