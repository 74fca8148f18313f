package io.weir.alerting.dispatch;

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
 * One notification in the outbox: written before the first attempt, updated after each. The
 * {@code notification} column holds the {@link io.weir.alerting.notify.Notification} as JSON.
 */
@Entity
@Table(name = "notification_outbox")
public class OutboxEntry extends PanacheEntityBase {

    public enum Status {
        /** Waiting for its next attempt, at {@code nextAttemptAt}. */
        PENDING,
        /** The receiver took it. */
        DELIVERED,
        /** The receiver refused it for good; {@code lastAnswer} says why. Never retried. */
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String receiver;

    @Column(name = "group_key", nullable = false)
    public String groupKey;

    /** For people: e.g. "[FIRING: 2] ConsumerStopped". */
    @Column(nullable = false)
    public String summary;

    @Column(nullable = false, columnDefinition = "TEXT")
    public String notification;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "last_answer")
    public String lastAnswer;

    /** The epoch of the leader that claimed the entry for its last attempt; null before the first. */
    @Column(name = "claim_epoch")
    public Long claimEpoch;
}
