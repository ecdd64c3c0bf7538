package dev.treeline.registry.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A model package group: one model, created when its first tuning result arrives. */
@Entity
@Table(name = "model_package_group")
public class ModelPackageGroup extends PanacheEntityBase {

    @Id
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The highest version registered so far; the next registration takes this + 1 under the row lock. */
    @Column(name = "latest_version", nullable = false)
    public int latestVersion;
}
