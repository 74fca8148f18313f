package io.weir.alerting.rules;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One pending, firing or recently resolved alert as persisted (table {@code alert_state}, migration V3). */
@Entity
@Table(name = "alert_state")
class StoredAlert extends PanacheEntityBase {

    /** SHA-256 of the group's key and the alert's identity: label sets may be longer than a key column. */
    @Id
    public String id;

    @Column(name = "rule_file", nullable = false)
    public String ruleFile;

    @Column(name = "rule_group", nullable = false)
    public String ruleGroup;

    @Column(name = "alert_name", nullable = false)
    public String alertName;

    @Column(name = "labels_json", nullable = false)
    public String labelsJson;

    @Column(name = "annotations_json", nullable = false)
    public String annotationsJson;

    @Column(nullable = false)
    public String state;

    @Column(name = "alert_value", nullable = false)
    public double value;

    @Column(name = "active_at", nullable = false)
    public Instant activeAt;

    @Column(name = "fired_at")
    public Instant firedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;
}
