package io.weir.operations.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The append-only, tamper-evident audit log of operations. Each entry's hash is the SHA-256 of
 * the previous entry's hash and every field of its own, so {@link #verify} finds an entry that
 * was changed, removed or inserted after the fact. Appends are serialised across replicas (every
 * replica audits, not only the leader: previews and peeks happen on any): each first locks the one
 * row of {@code audit_append_lock}, then reads the chain's head; should a writer ever skip the lock,
 * the primary key still refuses a second entry at the same position instead of forking the chain.
 * Each call is its own transaction and blocks on the database (on another replica's append too).
 */
@ApplicationScoped
public class AuditLog {

    /** The hash before the first entry. */
    static final String GENESIS = "0".repeat(64);

    /** Appends the record; returns the stored entry. */
    public synchronized AuditEntry append(AuditRecord record) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AuditEntry.getEntityManager().createNativeQuery("SELECT id FROM audit_append_lock WHERE id = 1 FOR UPDATE")
                    .getResultList();
            AuditEntry last = AuditEntry.<AuditEntry>findAll(Sort.descending("id")).firstResult();
            AuditEntry entry = new AuditEntry();
            entry.id = last == null ? 1 : last.id + 1;
            // Millisecond precision survives every database's timestamp column, so the hash still matches when read back.
            entry.at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            entry.actor = record.actor().user();
            entry.channel = record.actor().channel().name();
            entry.clientAddress = record.actor().address();
            entry.source = record.source();
            entry.object = record.object();
            entry.action = record.action();
            entry.parameters = record.parameters();
            entry.before = record.before();
            entry.after = record.after();
            entry.result = record.result().name();
            entry.message = record.message();
            entry.durationMillis = record.duration().toMillis();
            entry.jobId = record.jobId();
            entry.previousHash = last == null ? GENESIS : last.hash;
            entry.hash = hash(entry);
            entry.persist();
            return entry;
        });
    }

    /** Entries matching the filter, newest first. */
    public List<AuditEntry> find(AuditFilter filter) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (filter.source() != null) {
            where.add("source = :source");
            parameters.and("source", filter.source());
        }
        if (filter.action() != null) {
            where.add("action like :action");
            parameters.and("action", filter.action() + "%");
        }
        if (filter.actor() != null) {
            where.add("actor = :actor");
            parameters.and("actor", filter.actor());
        }
        if (filter.object() != null) {
            where.add("lower(object) like :object");
            parameters.and("object", "%" + filter.object().toLowerCase(java.util.Locale.ROOT) + "%");
        }
        if (filter.from() != null) {
            where.add("at >= :from");
            parameters.and("from", filter.from());
        }
        if (filter.until() != null) {
            where.add("at < :until");
            parameters.and("until", filter.until());
        }
        String query = where.isEmpty() ? "" : String.join(" and ", where);
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find(query, Sort.descending("id"), parameters)
                .range(filter.offset(), filter.offset() + filter.limit() - 1).list());
    }

    /** The entry at that position, or null. */
    public AuditEntry get(long id) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>findById(id));
    }

    /** Re-computes the chain from the first entry; reads the whole log in pages. */
    public AuditVerification verify() {
        String previous = GENESIS;
        long expectedId = 1;
        int page = 0;
        while (true) {
            int index = page++;
            List<AuditEntry> entries = QuarkusTransaction.requiringNew().call(() ->
                    AuditEntry.<AuditEntry>findAll(Sort.ascending("id")).page(index, 1000).list());
            if (entries.isEmpty()) {
                return AuditVerification.intact(expectedId - 1);
            }
            for (AuditEntry entry : entries) {
                if (entry.id != expectedId) {
                    return AuditVerification.broken(expectedId - 1, expectedId, "entry " + expectedId + " is missing");
                }
                if (!entry.previousHash.equals(previous)) {
                    return AuditVerification.broken(expectedId - 1, entry.id,
                            "entry " + entry.id + " does not follow entry " + (entry.id - 1) + " (its previous hash differs)");
                }
                if (!hash(entry).equals(entry.hash)) {
                    return AuditVerification.broken(expectedId - 1, entry.id,
                            "entry " + entry.id + " was changed after it was written (its content no longer matches its hash)");
                }
                previous = entry.hash;
                expectedId++;
            }
        }
    }

    static String hash(AuditEntry entry) {
        StringBuilder content = new StringBuilder(entry.previousHash);
        for (Object field : new Object[] {entry.id, entry.at.toEpochMilli(), entry.actor, entry.channel, entry.clientAddress,
                entry.source, entry.object, entry.action, entry.parameters, entry.before, entry.after, entry.result,
                entry.message, entry.durationMillis, entry.jobId}) {
            // A unit separator between fields and a marker for null, so no two entries hash alike by shifting text.
            content.append('\u001f').append(field == null ? "\u0000" : Objects.toString(field));
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
