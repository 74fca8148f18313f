package io.weir.alerting.dispatch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * What one route group was last notified of: the fingerprints of its firing alerts (sorted,
 * comma-separated) and when. Kept in the database so a restart does not notify again.
 */
@Entity
@Table(name = "notification_log")
public class NotificationLogEntry extends PanacheEntityBase {

    @Id
    @Column(name = "group_key")
    public String groupKey;

    @Column(nullable = false, columnDefinition = "TEXT")
    public String firing;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;
}
