package dev.treeline.registry.model;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.support.persistence.ArtifactColumns;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One registered model version: evaluation, hyperparameters, artifact and lineage, plus its approval status. */
@Entity
@Table(name = "model_package")
@IdClass(ModelPackageId.class)
public class ModelPackage extends PanacheEntityBase {

    @Id
    @Column(name = "group_name")
    public String groupName;

    @Id
    public int version;

    @Enumerated(EnumType.STRING)
    @Column(name = "approval_status", nullable = false)
    public ApprovalStatus approvalStatus;

    @Column(name = "status_changed_at", nullable = false)
    public Instant statusChangedAt;

    @Column(nullable = false)
    public boolean testing;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "run_id", nullable = false)
    public String runId;

    @Column(name = "tuning_job_name", nullable = false)
    public String tuningJobName;

    @Column(name = "registered_event_id", nullable = false)
    public UUID registeredEventId;

    @Column(nullable = false)
    public String objective;

    @Column(name = "objective_metric", nullable = false)
    public String objectiveMetric;

    @Column(name = "objective_metric_value", nullable = false)
    public double objectiveMetricValue;

    /** Metric name → value on the held-out test split. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "test_metrics", nullable = false)
    public Map<String, Double> testMetrics;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "hyperparameters", nullable = false)
    public Map<String, Object> hyperparameters;

    @Embedded
    public ArtifactColumns artifact;

    /**
     * The earliest earlier version of this group whose artifact has the same SHA-256 (a retrain that
     * reproduced it), or null when the artifact is new.
     */
    @Column(name = "same_artifact_as_version")
    public Integer sameArtifactAsVersion;

    @Column(name = "xgboost_version", nullable = false)
    public String xgboostVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lineage", nullable = false)
    public StoredLineage lineage;

    public static Optional<ModelPackage> byTuningJob(String group, String tuningJobName) {
        return find("groupName = ?1 and tuningJobName = ?2", group, tuningJobName).firstResultOptional();
    }

    /** The lowest version of the group whose artifact has this SHA-256, if any. */
    public static Optional<Integer> earliestWithArtifact(String group, String sha256) {
        return Optional.ofNullable(getEntityManager().createQuery("select min(p.version) from ModelPackage p"
                        + " where p.groupName = :group and p.artifact.sha256 = :sha256", Integer.class)
                .setParameter("group", group).setParameter("sha256", sha256).getSingleResult());
    }
}
