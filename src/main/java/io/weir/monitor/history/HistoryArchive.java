package io.weir.monitor.history;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The downsampled history in the database: one value per series per minute (the last sample of
 * that minute), kept for the archive retention. Plain JDBC batches rather than entities: it
 * writes thousands of rows a minute and reads them back as ranges. Every minute is written once,
 * after it has ended, so nothing is ever updated.
 */
public final class HistoryArchive {

    private static final long MINUTE = 60_000;

    private final AgroalDataSource database;
    private final Map<String, Long> seriesIds = new ConcurrentHashMap<>();
    private long lastArchivedMinute;

    public HistoryArchive(AgroalDataSource database) throws SQLException {
        this.database = database;
        lastArchivedMinute = lastStoredMinute();
    }

    private long lastStoredMinute() throws SQLException {
        try (Connection connection = database.getConnection();
                ResultSet last = connection.createStatement().executeQuery("SELECT MAX(epoch_minute) FROM history_sample")) {
            last.next();
            return last.getLong(1);
        }
    }

    /**
     * Writes, for every series in {@code store}, the last sample of each whole minute since the
     * previous call and before {@code nowMillis}. Returns the number of rows written.
     */
    public synchronized int archive(SeriesStore store, long nowMillis) throws SQLException {
        long currentMinute = nowMillis / MINUTE;
        // another replica may have archived since (it led before this one took over)
        lastArchivedMinute = Math.max(lastArchivedMinute, lastStoredMinute());
        long from = lastArchivedMinute + 1;
        if (from >= currentMinute) {
            return 0;
        }
        long fromMillis = Math.max(from, currentMinute - 60 * 24) * MINUTE;
        int written = 0;
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO history_sample (series_id, epoch_minute, sample_value) VALUES (?, ?, ?)")) {
            for (SeriesKey key : store.keys(k -> true)) {
                Long id = null;
                long minuteWritten = -1;
                List<Sample> samples = store.range(key, fromMillis, currentMinute * MINUTE - 1);
                for (int i = samples.size() - 1; i >= 0; i--) {
                    long minute = samples.get(i).timeMillis() / MINUTE;
                    if (minute == minuteWritten) {
                        continue; // an earlier sample of a minute already written with its last one
                    }
                    if (id == null) {
                        id = seriesId(connection, key);
                    }
                    insert.setLong(1, id);
                    insert.setLong(2, minute);
                    insert.setDouble(3, samples.get(i).value());
                    insert.addBatch();
                    minuteWritten = minute;
                    written++;
                }
            }
            insert.executeBatch();
        }
        lastArchivedMinute = currentMinute - 1;
        return written;
    }

    /** The archived values of a series with {@code from <= time <= to}, one per minute, oldest first. */
    public List<Sample> range(SeriesKey key, long fromMillis, long toMillis) throws SQLException {
        List<Sample> samples = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT s.epoch_minute, s.sample_value FROM history_sample s JOIN history_series k ON k.id = s.series_id"
                                + " WHERE k.series_key = ? AND s.epoch_minute BETWEEN ? AND ? ORDER BY s.epoch_minute")) {
            query.setString(1, key.toString());
            query.setLong(2, Math.floorDiv(fromMillis, MINUTE));
            query.setLong(3, Math.floorDiv(toMillis, MINUTE));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    samples.add(new Sample(rows.getLong(1) * MINUTE, rows.getDouble(2)));
                }
            }
        }
        return samples;
    }

    /** Deletes archived values older than {@code retention}; returns how many. */
    public synchronized int prune(Duration retention, long nowMillis) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM history_sample WHERE epoch_minute < ?")) {
            delete.setLong(1, (nowMillis - retention.toMillis()) / MINUTE);
            int deleted = delete.executeUpdate();
            connection.createStatement().executeUpdate(
                    "DELETE FROM history_series WHERE NOT EXISTS (SELECT 1 FROM history_sample s WHERE s.series_id = history_series.id)");
            seriesIds.clear();
            return deleted;
        }
    }

    private long seriesId(Connection connection, SeriesKey key) throws SQLException {
        String text = key.toString();
        Long known = seriesIds.get(text);
        if (known != null) {
            return known;
        }
        try (PreparedStatement find = connection.prepareStatement("SELECT id FROM history_series WHERE series_key = ?")) {
            find.setString(1, text);
            try (ResultSet row = find.executeQuery()) {
                if (row.next()) {
                    seriesIds.put(text, row.getLong(1));
                    return row.getLong(1);
                }
            }
        }
        try (PreparedStatement create = connection.prepareStatement(
                "INSERT INTO history_series (series_key) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            create.setString(1, text);
            create.executeUpdate();
            try (ResultSet generated = create.getGeneratedKeys()) {
                generated.next();
                seriesIds.put(text, generated.getLong(1));
                return generated.getLong(1);
            }
        }
    }
}
