package dev.treeline.tuning.job;

import java.time.Instant;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Test-split metrics of a completed job's best model; a model's rows form its evaluation history. */
@Entity
@Table(name = "model_evaluation")
public class ModelEvaluation extends PanacheEntityBase {

    @Id
    @Column(name = "job_name")
    public String jobName;
    public String model;
    @Column(name = "run_id")
    public String runId;
    public String objective;
    @Column(name = "test_rows")
    public long testRows;
    /** Metric name -> value. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Double> metrics;
    @Column(name = "created_at")
    public Instant createdAt;
}
