package io.weir.operations.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of the audit log (table {@code audit_log}, migration V5). Written once by
 * {@link AuditLog#append}, never updated: its {@link #hash} covers every other field and the
 * previous row's hash.
 */
@Entity
@Table(name = "audit_log")
public class AuditEntry extends PanacheEntityBase {

    /** Position in the chain, from 1. */
    @Id
    public long id;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    /** {@code UI} or {@code API}. */
    @Column(nullable = false)
    public String channel;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(name = "source_name", nullable = false)
    public String source;

    /** What was acted on, e.g. {@code group billing} or {@code queue orders.dlq}. */
    @Column(name = "object_name", nullable = false)
    public String object;

    /** e.g. {@code offset-reset.preview}, {@code offset-reset.apply}. */
    @Column(nullable = false)
    public String action;

    /** The request as JSON. */
    @Column(nullable = false)
    public String parameters;

    /** JSON: the values before (offsets per partition, counts); null where nothing was read. */
    @Column(name = "before_state")
    public String before;

    /** JSON: the values after, as read back from the broker; null where nothing changed. */
    @Column(name = "after_state")
    public String after;

    /** {@code OK}, {@code REFUSED} or {@code FAILED}. */
    @Column(nullable = false)
    public String result;

    public String message;

    @Column(name = "duration_ms", nullable = false)
    public long durationMillis;

    @Column(name = "job_id")
    public String jobId;

    @Column(name = "prev_hash", nullable = false)
    public String previousHash;

    @Column(nullable = false)
    public String hash;
}
