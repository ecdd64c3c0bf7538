package dev.treeline.deployer.storage;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An approval waiting for the account's promotion delay; at most one (the newest) per model group. */
@Entity
@Table(name = "pending_promotion")
public class PendingPromotion extends PanacheEntityBase {

    @Id
    @Column(name = "model_group")
    public String modelGroup;

    @Column(nullable = false)
    public int version;

    @Column(name = "approved_at", nullable = false)
    public Instant approvedAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    public static PendingPromotion of(String modelGroup, int version, Instant approvedAt, Instant dueAt) {
        PendingPromotion p = new PendingPromotion();
        p.modelGroup = modelGroup;
        p.version = version;
        p.approvedAt = approvedAt;
        p.dueAt = dueAt;
        return p;
    }
}
