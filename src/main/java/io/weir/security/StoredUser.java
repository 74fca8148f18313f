package io.weir.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A user whose password hash Weir keeps in its database (today: the admin). */
@Entity
@Table(name = "weir_user")
public class StoredUser extends PanacheEntityBase {

    @Id
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String role;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    static StoredUser find(String username) {
        return findById(username);
    }
}
