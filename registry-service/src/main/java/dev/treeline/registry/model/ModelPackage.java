package dev.treeline.registry.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
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

    /** JSON object metric name → value on the held-out test split. */
    @Column(name = "test_metrics", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String testMetricsJson;

    @Column(name = "hyperparameters", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String hyperparametersJson;

    @Column(name = "artifact_bucket", nullable = false)
    public String artifactBucket;

    @Column(name = "artifact_key", nullable = false)
    public String artifactKey;

    @Column(name = "artifact_sha256", nullable = false)
    public String artifactSha256;

    @Column(name = "artifact_bytes", nullable = false)
    public long artifactBytes;

    @Enumerated(EnumType.STRING)
    @Column(name = "artifact_format", nullable = false)
    public ArtifactFormat artifactFormat;

    @Column(name = "artifact_version_id")
    public String artifactVersionId;

    @Column(name = "xgboost_version", nullable = false)
    public String xgboostVersion;

    /** JSON {@link StoredLineage}. */
    @Column(name = "lineage", nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String lineageJson;
}
