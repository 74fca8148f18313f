package io.weir.operations.replay;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A replay job as stored (table {@code replay_job}, migration V6): what it replays, how far it
 * got and what became of the messages so far. Written by {@link Replays} and its runner only.
 */
@Entity
@Table(name = "replay_job")
public class ReplayJob extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "source_name", nullable = false)
    public String source;

    @Column(name = "queue_name", nullable = false)
    public String queue;

    /** The chosen destination, or {@code null} for each message's original one. */
    public String destination;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReplaySelection.Kind selection;

    /** The request as JSON: what a resumed job needs to select the same messages. */
    @Column(nullable = false)
    public String parameters;

    /** 0 for as fast as the brokers confirm. */
    @Column(name = "rate_per_second", nullable = false)
    public int ratePerSecond;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReplayState state;

    /** JSON object: dead-letter partition to the next offset to read; {@code {}} for queues. */
    @Column(name = "position_json", nullable = false)
    public String position;

    /** Messages the dead-letter queue held to go through when the job started. */
    @Column(nullable = false)
    public long total;

    @Column(nullable = false)
    public long replayed;

    /** Already replayed by this or an earlier job, so not published again. */
    @Column(nullable = false)
    public long skipped;

    @Column(nullable = false)
    public long failed;

    /** Gone through but not selected (left where they were). */
    @Column(name = "passed_over", nullable = false)
    public long passedOver;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Why the job stopped, failed or was interrupted; {@code null} while it runs well. */
    public String message;

    /** The epoch of the leader running the job; null until a leader took it (it was started on a follower). */
    @Column(name = "leader_epoch")
    public Long leaderEpoch;

    /** Messages gone through so far, whatever became of them. */
    public long done() {
        return replayed + skipped + failed + passedOver;
    }
}
