package io.weir.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditRecord;
import io.weir.operations.audit.AuditVerification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The audit log's hash chain in the real database: intact after appends, and broken, at the
 * right entry, by an entry changed or removed behind Weir's back (the test puts it back after).
 */
@QuarkusTest
class AuditChainTest {

    @Inject
    AuditLog audit;
    @Inject
    AgroalDataSource database;

    @Test
    void anEntryChangedOrRemovedAfterTheFactBreaksTheChainThere() throws Exception {
        AuditEntry first = audit.append(record("first"));
        AuditEntry second = audit.append(record("second"));
        audit.append(record("third"));
        assertThat(audit.verify().intact()).isTrue();
        assertThat(second.previousHash).isEqualTo(first.hash);

        try (Connection connection = database.getConnection()) {
            update(connection, "UPDATE audit_log SET message = 'nothing to see' WHERE id = ?", second.id);
            AuditVerification changed = audit.verify();
            assertThat(changed.intact()).isFalse();
            assertThat(changed.firstBroken()).isEqualTo(second.id);
            assertThat(changed.reason()).contains("was changed after it was written");
            update(connection, "UPDATE audit_log SET message = 'second' WHERE id = ?", second.id);
            assertThat(audit.verify().intact()).isTrue();

            // Moved far out of the sequence: to the chain it is gone from its place.
            update(connection, "UPDATE audit_log SET id = id + 1000000000 WHERE id = ?", second.id);
            AuditVerification removed = audit.verify();
            assertThat(removed.firstBroken()).isEqualTo(second.id);
            assertThat(removed.reason()).isEqualTo("entry " + second.id + " is missing");
            update(connection, "UPDATE audit_log SET id = id - 1000000000 WHERE id = ?", second.id + 1_000_000_000);
        }
        assertThat(audit.verify().intact()).isTrue();
    }

    private static void update(Connection connection, String sql, long id) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static AuditRecord record(String message) {
        return new AuditRecord(new Actor("tester", Actor.Channel.API, "127.0.0.1"), "builtin", "group g",
                "offset-reset.preview", "{}", null, null, AuditRecord.Result.OK, message, Duration.ofMillis(3), null);
    }
}
