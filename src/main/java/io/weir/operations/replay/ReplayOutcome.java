package io.weir.operations.replay;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What a replay job did with one dead letter, or with a run of consecutive offsets of one
 * dead-letter partition that all had the same fate ({@code offset} to {@code offsetLast}; table
 * {@code replay_outcome}, migrations V6 and V10). {@link ReplayStore} writes runs and reads them
 * back one message each, so callers see one outcome per dead letter.
 */
@Entity
@Table(name = "replay_outcome")
public class ReplayOutcome extends PanacheEntityBase {

    public enum Outcome {
        /** Published to its destination and confirmed. */
        REPLAYED,
        /** Already replayed (by this job before a crash, or by an earlier job): not published again. */
        SKIPPED,
        /** Not published: no destination known, or the message could not be published. */
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public String jobId;

    @Column(name = "source_name", nullable = false)
    public String source;

    @Column(name = "queue_name", nullable = false)
    public String queue;

    /** Where it was in the dead-letter queue; RabbitMQ: partition 0 and its place in the job's pass. */
    @Column(name = "dlq_partition", nullable = false)
    public int partition;

    @Column(name = "dlq_offset", nullable = false)
    public long offset;

    /** The last offset of the run this row stands for; {@code offset} for a single message. */
    @Column(name = "dlq_offset_last", nullable = false)
    public long offsetLast;

    @Column(name = "message_id")
    public String messageId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    public String destination;

    public String reason;

    @Column(nullable = false)
    public Instant at;
}
