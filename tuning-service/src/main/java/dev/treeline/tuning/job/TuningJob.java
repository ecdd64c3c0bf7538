package dev.treeline.tuning.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.treeline.events.TuningStrategy;
import dev.treeline.events.WarmStartType;
import dev.treeline.events.definition.TuningSection;
import dev.treeline.support.persistence.ArtifactColumns;
import dev.treeline.tuning.training.EvalMetric;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One tuning job: a row of the warm-start history (the old hand-kept CSV) plus what it needs to run. */
@Entity
@Table(name = "tuning_job")
public class TuningJob extends PanacheEntityBase {

    public enum Status {
        RUNNING,
        COMPLETED,
        FAILED
    }

    @Id
    public String name;
    @Column(name = "run_id")
    public String runId;
    public String model;
    public String layer;
    public String objective;
    /** Null only for a job failed because its objective or objective metric is not supported. */
    @Enumerated(EnumType.STRING)
    @Column(name = "eval_metric")
    public EvalMetric evalMetric;
    /** Best validation value, the eval metric as reported (highest AUC, lowest loss): of the job's own trials, or its parent's best it kept. */
    @Column(name = "eval_metric_value")
    public Double evalMetricValue;
    /** Trials run so far (succeeded and failed), the CSV's "trainingjobcount". */
    @Column(name = "training_job_count")
    public int trainingJobCount;
    @Column(name = "max_jobs")
    public int maxJobs;
    @Column(name = "max_parallel_jobs")
    public int maxParallelJobs;
    @Enumerated(EnumType.STRING)
    public TuningStrategy strategy;
    @Enumerated(EnumType.STRING)
    @Column(name = "warm_start_type")
    public WarmStartType warmStartType;
    /** Parent job names. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> parents = new ArrayList<>();
    @Column(name = "dataset_hash")
    public String datasetHash;
    public long seed;
    public boolean testing;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** The job that ran the best trial: this job, or (identical data) the parent whose best it kept. */
    @Column(name = "best_trial_job")
    public String bestTrialJob;
    /** Index of the best trial in {@link #bestTrialJob}. */
    @Column(name = "best_trial_index")
    public Integer bestTrialIndex;
    @Column(name = "best_iteration")
    public Integer bestIteration;
    /** The best configuration with {@code num_round} = rounds in the model. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "best_hyperparameters")
    public Map<String, Object> bestHyperparameters;
    /** The job seed the final model was trained with (the parent's when its best was kept), so it can be retrained. */
    @Column(name = "final_model_seed")
    public Long finalModelSeed;
    @Embedded
    public ArtifactColumns artifact;
    @Column(name = "descriptor_key")
    public String descriptorKey;
    /**
     * The DatasetReady envelope as the event codec wrote it, so a job can be run from the database alone; text, not
     * a JSON column: the codec owns that format (and its schema versions).
     */
    @Column(name = "dataset_event")
    public String datasetEvent;
    /**
     * The tuning section the job runs with (from its DatasetReady, defaults written out): strategy, budget,
     * parallelism, early stopping, parents, out-of-range policy, ranges, static parameters and seed. Null only for
     * jobs stored before the section was (they ran with per-model configuration).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "tuning_section")
    public TuningSection tuning;
    /** The objective metric DatasetReady asked for (XGBoost's name), even when it did not fit the objective. */
    @Column(name = "objective_metric")
    public String objectiveMetric;
    /** The model definition revision the run snapshotted; 0 for an event upcast from schema version 2. */
    @Column(name = "definition_revision")
    public Integer definitionRevision;

    /** Whether the job's best trial is a parent's (kept on identical data) rather than one of its own. */
    public boolean bestFromParent() {
        return bestTrialJob != null && !bestTrialJob.equals(name);
    }
}
