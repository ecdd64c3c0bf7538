package dev.treeline.deployer.storage;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.treeline.events.DeploymentAction;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The version a model group serves in this account, and why; every replica follows this table. */
@Entity
@Table(name = "desired_version")
public class DesiredVersion extends PanacheEntityBase {

    @Id
    @Column(name = "model_group")
    public String modelGroup;

    @Column(nullable = false)
    public int version;

    @Column(name = "artifact_sha256", nullable = false)
    public String sha256;

    @Column(name = "run_id", nullable = false)
    public String runId;

    /** The immutable copy in this account's bucket. */
    @Column(name = "artifact_key", nullable = false)
    public String artifactKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeploymentAction action;

    public String reason;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static DesiredVersion of(String modelGroup, int version, String sha256, String runId, String artifactKey,
            DeploymentAction action, String reason, Instant updatedAt) {
        DesiredVersion d = new DesiredVersion();
        d.modelGroup = modelGroup;
        d.version = version;
        d.sha256 = sha256;
        d.runId = runId;
        d.artifactKey = artifactKey;
        d.action = action;
        d.reason = reason;
        d.updatedAt = updatedAt;
        return d;
    }
}
