package dev.treeline.registry.security;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

import dev.treeline.support.security.Roles;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A person who may use the registry's API; the password is stored only as a bcrypt hash. */
@Entity
@Table(name = "registry_user")
public class RegistryUser extends PanacheEntityBase {

    @Id
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "registry_user_role", joinColumns = @JoinColumn(name = "username"))
    @Column(name = "role")
    public Set<String> roles = new HashSet<>();

    public static long countWithRole(String role) {
        return count("select count(u) from RegistryUser u join u.roles r where r = ?1", role);
    }

    /**
     * Locks the admins' rows for the rest of the transaction and counts them, so two admins cannot remove each
     * other at the same moment. Native for {@code for update of u}: only the user rows, not the role rows.
     */
    public static int lockAdmins() {
        return getEntityManager().createNativeQuery("select u.username from registry_user u"
                        + " join registry_user_role r on r.username = u.username"
                        + " where r.role = :admin for update of u")
                .setParameter("admin", Roles.ADMIN).getResultList().size();
    }
}
