package dev.treeline.deployer.storage;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.treeline.deployer.following.DeploymentPolicy;
import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactRef;
import dev.treeline.support.persistence.ArtifactColumns;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One version of a model group as this account last heard of it from the registry: what a rollback chooses from. */
@Entity
@Table(name = "model_version")
@IdClass(KnownVersion.Key.class)
public class KnownVersion extends PanacheEntityBase {

    @Id
    @Column(name = "model_group")
    public String modelGroup;

    @Id
    public int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ApprovalStatus status;

    @Column(name = "run_id", nullable = false)
    public String runId;

    /** Where the registry keeps it (the training bucket); the account's copy is {@link ModelKeys#versioned}. */
    @Embedded
    @AttributeOverride(name = "bucket", column = @Column(name = "source_bucket"))
    @AttributeOverride(name = "key", column = @Column(name = "source_key"))
    @AttributeOverride(name = "versionId", column = @Column(name = "source_version_id"))
    public ArtifactColumns artifact;

    @Column(nullable = false)
    public boolean testing;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static KnownVersion of(String modelGroup, int version, ApprovalStatus status, String runId,
            ArtifactRef artifact, boolean testing, Instant approvedAt) {
        KnownVersion v = new KnownVersion();
        v.modelGroup = modelGroup;
        v.version = version;
        v.status = status;
        v.runId = runId;
        v.artifact = ArtifactColumns.of(artifact);
        v.testing = testing;
        v.approvedAt = approvedAt;
        return v;
    }

    public ArtifactRef artifactRef() {
        return artifact.toRef();
    }

    public String sha256() {
        return artifact.sha256;
    }

    /** What the deployment policy needs to know about this version. */
    public DeploymentPolicy.Version facts() {
        return new DeploymentPolicy.Version(version, status, testing, approvedAt);
    }

    /** The primary key: model group and version. */
    public static class Key implements Serializable {
        public String modelGroup;
        public int version;

        public Key() {
        }

        public Key(String modelGroup, int version) {
            this.modelGroup = modelGroup;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && java.util.Objects.equals(k.modelGroup, modelGroup);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(modelGroup, version);
        }
    }

    @Override
    public String toString() {
        return modelGroup + " v" + version + " (" + status + ")";
    }
}
