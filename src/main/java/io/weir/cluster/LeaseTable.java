package io.weir.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SQL of one lease row in {@code cluster_lease}, over a connection the caller owns (each method
 * runs its statements on it and commits nothing itself). Every time is the database's
 * {@code CURRENT_TIMESTAMP}, so replicas with skewed clocks still agree on when a lease expires.
 * Only conditional UPDATEs change the row: two replicas taking over at once both run the same
 * {@code UPDATE ... WHERE expires_at <= CURRENT_TIMESTAMP}; the second waits for the first's row
 * lock, sees the renewed expiry and changes nothing. The statements run on H2 and PostgreSQL.
 */
final class LeaseTable {

    /** Who holds the lease as the row says, and whether the database's clock says it has expired. */
    record Holder(String holder, long epoch, boolean expired) {
    }

    private static final String EXPIRES = "CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND";

    private final String name;
    /** PostgreSQL's FOR SHARE lets fenced writers run side by side yet blocks a takeover; H2 only has FOR UPDATE. */
    private final String lockClause;

    LeaseTable(String name, boolean postgresql) {
        this.name = name;
        this.lockClause = postgresql ? "FOR SHARE" : "FOR UPDATE";
    }

    static boolean isPostgresql(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    }

    /** Extends the lease if {@code holder} still holds it at {@code epoch}; empty when it does not. */
    OptionalLong renew(Connection connection, String holder, long epoch, Duration duration) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE cluster_lease SET renewed_at = CURRENT_TIMESTAMP,"
                + " expires_at = " + EXPIRES + " WHERE name = ? AND holder = ? AND epoch = ?")) {
            update.setLong(1, duration.toMillis());
            update.setString(2, name);
            update.setString(3, holder);
            update.setLong(4, epoch);
            return update.executeUpdate() == 1 ? OptionalLong.of(epoch) : OptionalLong.empty();
        }
    }

    /**
     * Takes the lease if nobody holds it or its expiry has passed, with the next epoch; returns that
     * epoch, or empty when another replica holds a lease that has not expired.
     */
    OptionalLong takeOver(Connection connection, String holder, Duration duration) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE cluster_lease SET holder = ?, epoch = epoch + 1,"
                + " acquired_at = CURRENT_TIMESTAMP, renewed_at = CURRENT_TIMESTAMP, expires_at = " + EXPIRES
                + " WHERE name = ? AND expires_at <= CURRENT_TIMESTAMP")) {
            update.setString(1, holder);
            update.setLong(2, duration.toMillis());
            update.setString(3, name);
            if (update.executeUpdate() == 1) {
                return epochOf(connection, holder);
            }
        }
        if (current(connection).isPresent()) {
            return OptionalLong.empty();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cluster_lease (name, holder, epoch,"
                + " acquired_at, renewed_at, expires_at) VALUES (?, ?, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, " + EXPIRES + ")")) {
            insert.setString(1, name);
            insert.setString(2, holder);
            insert.setLong(3, duration.toMillis());
            insert.executeUpdate();
            return OptionalLong.of(1);
        } catch (SQLException e) {
            if (e instanceof SQLIntegrityConstraintViolationException || "23505".equals(e.getSQLState())) {
                return OptionalLong.empty(); // another replica inserted the first row at the same moment
            }
            throw e;
        }
    }

    /**
     * For a single process ({@code weir.cluster.enabled=false}): takes the next epoch whoever held
     * the lease, and leaves it expired, so a clustered replica started later is not kept waiting.
     */
    long takeUnconditionally(Connection connection, String holder) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE cluster_lease SET holder = ?, epoch = epoch + 1,"
                + " acquired_at = CURRENT_TIMESTAMP, renewed_at = CURRENT_TIMESTAMP, expires_at = CURRENT_TIMESTAMP WHERE name = ?")) {
            update.setString(1, holder);
            update.setString(2, name);
            if (update.executeUpdate() == 1) {
                return epochOf(connection, holder).orElseThrow();
            }
        }
        return takeOver(connection, holder, Duration.ZERO).orElseThrow(
                () -> new SQLException("another process created lease " + name + " at the same moment"));
    }

    /** Ends the lease now if {@code holder} still holds it at {@code epoch}, so another replica need not wait for it to expire. */
    void release(Connection connection, String holder, long epoch) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE cluster_lease SET expires_at = CURRENT_TIMESTAMP"
                + " WHERE name = ? AND holder = ? AND epoch = ?")) {
            update.setString(1, name);
            update.setString(2, holder);
            update.setLong(3, epoch);
            update.executeUpdate();
        }
    }

    /**
     * Inside the caller's transaction: is the lease still {@code holder}'s at {@code epoch} and not
     * expired? Locks the row until the transaction ends, so a takeover waits for the fenced write.
     */
    boolean holds(Connection connection, String holder, long epoch) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch FROM cluster_lease WHERE name = ?"
                + " AND holder = ? AND epoch = ? AND expires_at > CURRENT_TIMESTAMP " + lockClause)) {
            select.setString(1, name);
            select.setString(2, holder);
            select.setLong(3, epoch);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    Optional<Holder> current(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT holder, epoch,"
                + " CASE WHEN expires_at <= CURRENT_TIMESTAMP THEN 1 ELSE 0 END FROM cluster_lease WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Holder(row.getString(1), row.getLong(2), row.getInt(3) == 1)) : Optional.empty();
            }
        }
    }

    private OptionalLong epochOf(Connection connection, String holder) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT epoch FROM cluster_lease WHERE name = ? AND holder = ?")) {
            select.setString(1, name);
            select.setString(2, holder);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
