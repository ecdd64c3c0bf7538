package dev.treeline.registry.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.treeline.events.definition.ServingSection;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A model package group: one model, created by its definition (ModelDefinitionChanged) or, for producers older
 * than definitions, when its first tuning result arrives.
 */
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

    public String description;

    public String owner;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "tags", nullable = false)
    public List<String> tags = new ArrayList<>();

    /** Retired by its definition: no new runs; its versions and deployments stay. */
    @Column(nullable = false)
    public boolean retired;

    /** The definition revision applied last; null when the group was never defined (created by a version). */
    @Column(name = "definition_revision")
    public Integer definitionRevision;

    /** The definition's serving section; null when never defined. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "serving")
    public ServingSection serving;

    /** When data-prep applied {@link #definitionRevision}. */
    @Column(name = "defined_at")
    public Instant definedAt;

    /**
     * Creates the group on first sight, then takes its row lock (SELECT ... FOR UPDATE) for the rest of the
     * transaction: what numbers versions and orders definition revisions. Native for {@code on conflict}:
     * concurrent first sightings of a group must not fail.
     */
    public static ModelPackageGroup createIfAbsentAndLock(String name, Instant now) {
        getEntityManager().createNativeQuery("insert into model_package_group (name, created_at, latest_version)"
                        + " values (:name, :now, 0) on conflict (name) do nothing")
                .setParameter("name", name).setParameter("now", now).executeUpdate();
        return getEntityManager().find(ModelPackageGroup.class, name, LockModeType.PESSIMISTIC_WRITE);
    }
}
