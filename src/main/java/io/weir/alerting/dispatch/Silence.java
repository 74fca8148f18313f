package io.weir.alerting.dispatch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * A silence: alerts whose labels match all its matchers are not notified between its start and
 * end. Expiring a silence sets its end to now; silences are never deleted, for the record.
 */
@Entity
@Table(name = "alert_silence")
public class Silence extends PanacheEntityBase {

    public enum State {
        PENDING, ACTIVE, EXPIRED
    }

    @Id
    public String id;

    /** In Prometheus syntax, as {@link Matcher#format} writes them. */
    @Column(nullable = false)
    public String matchers;

    @Column(name = "starts_at", nullable = false)
    public Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    public Instant endsAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(nullable = false)
    public String comment;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    List<Matcher> parsedMatchers() {
        return Matcher.parseList(matchers);
    }
}
