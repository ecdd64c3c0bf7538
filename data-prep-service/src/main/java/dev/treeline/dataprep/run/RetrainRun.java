package dev.treeline.dataprep.run;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.treeline.dataprep.extract.FailureKind;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DriftDetails;
import dev.treeline.events.RetrainReason;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One retraining run from kickoff to dataset: why it started, what it read (spec, query, bound parameters,
 * window), what it wrote (object references with SHA-256 and row counts), how long it took, and how it ended.
 * JSON columns (Hibernate's JSON type) hold lineage documents written once.
 */
@Entity
@Table(name = "retrain_run")
public class RetrainRun extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(nullable = false)
    public String model;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RetrainReason reason;
    @Column(nullable = false)
    public boolean testing;
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunStatus status;
    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
    @Column(name = "extracting_at")
    public Instant extractingAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "failure_reason")
    public String failureReason;
    @Enumerated(EnumType.STRING)
    @Column(name = "failure_kind")
    public FailureKind failureKind;
    @Column(name = "trigger_event_id")
    public UUID triggerEventId;
    /** The measurement behind a drift kickoff; null otherwise. */
    @JdbcTypeCode(SqlTypes.JSON)
    public DriftDetails drift;
    /** Runs requested before model definitions (issue 15): the property spec as it was then. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "spec_snapshot")
    public Map<String, Object> specSnapshot;
    /** The definition revision the run was requested with. */
    @Column(name = "definition_revision")
    public Integer definitionRevision;
    /** The whole definition as it was when the run was requested ({@link DefinitionSnapshot}). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "definition_snapshot")
    public Map<String, Object> definitionSnapshot;
    @Column(name = "query_text")
    public String queryText;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "query_parameters")
    public Map<String, Object> queryParameters;
    @Column(name = "window_start")
    public LocalDate windowStart;
    @Column(name = "window_end")
    public LocalDate windowEnd;
    @Column(name = "label_column")
    public String labelColumn;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "feature_names")
    public List<String> featureNames;
    @JdbcTypeCode(SqlTypes.JSON)
    public DatasetSplits datasets;
    @Column(name = "rows_total")
    public Long rowsTotal;
    @Column(name = "rows_train")
    public Long rowsTrain;
    @Column(name = "rows_validation")
    public Long rowsValidation;
    @Column(name = "rows_test")
    public Long rowsTest;
    @Column(name = "rows_without_label")
    public Long rowsWithoutLabel;
    @Column(name = "extraction_ms")
    public Long extractionMs;
    @Column(name = "write_ms")
    public Long writeMs;
    @Column(name = "upload_ms")
    public Long uploadMs;
    public Integer attempts;
}
