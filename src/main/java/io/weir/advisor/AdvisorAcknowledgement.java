package io.weir.advisor;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A finding an operator accepted, by the finding's identity (source, object, check). */
@Entity
@Table(name = "advisor_acknowledgement")
public class AdvisorAcknowledgement extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String reason;

    @Column(name = "acknowledged_by", nullable = false)
    public String acknowledgedBy;

    @Column(name = "acknowledged_at", nullable = false)
    public Instant acknowledgedAt;

    /** The identity of the finding acknowledged. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "source_name", nullable = false)
        public String source;

        @Column(name = "object_name", nullable = false)
        public String object;

        @Column(name = "check_id", nullable = false)
        public String check;

        public Key() {
        }

        Key(String source, String object, String check) {
            this.source = source;
            this.object = object;
            this.check = check;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && source.equals(key.source) && object.equals(key.object)
                    && check.equals(key.check);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, object, check);
        }
    }
}
