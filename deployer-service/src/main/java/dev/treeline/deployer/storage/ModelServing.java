package dev.treeline.deployer.storage;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.treeline.events.ModelGroupChanged;
import dev.treeline.events.definition.ServingSection;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A model's serving settings (its definition's serving section, from the registry's ModelGroupChanged). */
@Entity
@Table(name = "model_serving")
public class ModelServing extends PanacheEntityBase {

    @Id
    @Column(name = "model_group")
    public String modelGroup;

    /** Load the served version into every replica's memory as soon as it is deployed, not on its first request. */
    @Column(nullable = false)
    public boolean preload;

    @Column(name = "definition_revision", nullable = false)
    public int definitionRevision;

    /** Retired by its definition: no new versions come; what is deployed stays deployed. */
    @Column(nullable = false)
    public boolean retired;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static ModelServing of(ModelGroupChanged changed, Instant updatedAt) {
        ModelServing s = new ModelServing();
        s.modelGroup = changed.modelGroup();
        s.preload = changed.serving().preload();
        s.definitionRevision = changed.definitionRevision();
        s.retired = changed.retired();
        s.changedAt = changed.at();
        s.updatedAt = updatedAt;
        return s;
    }

    public ServingSection section() {
        return new ServingSection(preload);
    }
}
