package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testing.PostgresDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease row on the real PostgreSQL, migrated by Weir's own migrations, with the database's clock. */
class LeaseTableTest {

    private static final Duration LEASE = Duration.ofMillis(800);
    private static PostgresDatabase database;
    private final LeaseTable lease = new LeaseTable(Leadership.LEASE, true);

    @BeforeAll
    static void migrate() throws Exception {
        database = PostgresDatabase.create("weir_lease_test");
        Flyway.configure().dataSource(database.jdbcUrl(), "postgres", "").locations("classpath:db/migration")
                .placeholders(java.util.Map.of("ledger-id-cache", "1")).load().migrate();
    }

    @AfterAll
    static void drop() throws Exception {
        database.close();
    }

    @BeforeEach
    void noLease() throws Exception {
        try (Connection db = database.connect()) {
            db.createStatement().execute("DELETE FROM cluster_lease");
        }
    }

    @Test
    void firstReplicaTakesTheLeaseAtEpochOneAndOthersMustWait() throws Exception {
        try (Connection db = database.connect()) {
            assertThat(lease.takeOver(db, "a", LEASE)).hasValue(1);
            assertThat(lease.takeOver(db, "b", LEASE)).isEmpty();
            assertThat(lease.current(db)).hasValue(new LeaseTable.Holder("a", 1, false));
        }
    }

    @Test
    void holderRenewsAndKeepsTheLeasePastItsFirstExpiry() throws Exception {
        try (Connection db = database.connect()) {
            lease.takeOver(db, "a", LEASE);
            for (int i = 0; i < 4; i++) {
                Thread.sleep(LEASE.toMillis() / 2);
                assertThat(lease.renew(db, "a", 1, LEASE)).hasValue(1);
                assertThat(lease.takeOver(db, "b", LEASE)).isEmpty();
            }
            assertThat(lease.renew(db, "b", 1, LEASE)).as("only the holder renews").isEmpty();
        }
    }

    @Test
    void takeoverAfterExpiryIncrementsTheEpochAndTheOldHolderCannotRenew() throws Exception {
        try (Connection db = database.connect()) {
            lease.takeOver(db, "a", LEASE);
            Thread.sleep(LEASE.toMillis() + 200);
            assertThat(lease.current(db).orElseThrow().expired()).isTrue();
            assertThat(lease.takeOver(db, "b", LEASE)).hasValue(2);
            assertThat(lease.renew(db, "a", 1, LEASE)).isEmpty();
            assertThat(lease.takeOver(db, "a", LEASE)).isEmpty();
        }
    }

    @Test
    void staleEpochsFencedWriteIsRefusedAndTheCurrentOneIsAllowed() throws Exception {
        try (Connection db = database.connect()) {
            lease.takeOver(db, "a", LEASE);
            Thread.sleep(LEASE.toMillis() + 200);
            assertThat(lease.holds(db, "a", 1)).as("expired, though nobody took over yet").isFalse();
            lease.takeOver(db, "b", LEASE);
            assertThat(lease.holds(db, "a", 1)).isFalse();
            assertThat(lease.holds(db, "b", 1)).as("the new holder with the old epoch").isFalse();
            assertThat(lease.holds(db, "b", 2)).isTrue();
        }
    }

    @Test
    void takeoverWaitsForTheFencedWriteUnderWayToCommit() throws Exception {
        try (Connection leader = database.connect(); Connection other = database.connect()) {
            lease.takeOver(leader, "a", LEASE);
            leader.setAutoCommit(false);
            assertThat(lease.holds(leader, "a", 1)).isTrue();
            Thread.sleep(LEASE.toMillis() + 200); // expired while the fenced transaction is open
            CompletableFuture<OptionalLong> takeover = CompletableFuture.supplyAsync(() -> {
                try {
                    return lease.takeOver(other, "b", LEASE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                takeover.get(500, TimeUnit.MILLISECONDS);
                throw new AssertionError("the takeover did not wait for the share lock");
            } catch (TimeoutException expected) {
                // blocked on the lease row
            }
            leader.commit();
            assertThat(takeover.get(5, TimeUnit.SECONDS)).hasValue(2);
        }
    }

    @Test
    void singleProcessTakesTheNextEpochAtEveryStartAndLeavesTheLeaseExpired() throws Exception {
        try (Connection db = database.connect()) {
            assertThat(lease.takeUnconditionally(db, "p1")).isEqualTo(1);
            assertThat(lease.takeUnconditionally(db, "p2")).isEqualTo(2);
            assertThat(lease.current(db).orElseThrow().expired()).isTrue();
        }
    }

    @Test
    void releasedLeaseCanBeTakenAtOnce() throws Exception {
        try (Connection db = database.connect()) {
            lease.takeOver(db, "a", Duration.ofMinutes(5));
            lease.release(db, "a", 1);
            assertThat(lease.takeOver(db, "b", LEASE)).hasValue(2);
        }
    }
}
