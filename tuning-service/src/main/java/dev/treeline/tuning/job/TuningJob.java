package dev.treeline.tuning.job;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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
    @Column(name = "eval_metric")
    public String evalMetric;
    /** Best validation value of the job's own trials (eval metric, minimised). */
    @Column(name = "eval_metric_value")
    public Double evalMetricValue;
    /** Trials run so far (succeeded and failed), the CSV's "trainingjobcount". */
    @Column(name = "training_job_count")
    public int trainingJobCount;
    @Column(name = "max_jobs")
    public int maxJobs;
    @Column(name = "max_parallel_jobs")
    public int maxParallelJobs;
    /** BAYESIAN or RANDOM. */
    public String strategy;
    /** NONE, IDENTICAL_DATA_AND_ALGORITHM or TRANSFER_LEARNING. */
    @Column(name = "warm_start_type")
    public String warmStartType;
    /** JSON array of parent job names. */
    public String parents;
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
    @Column(name = "best_trial_index")
    public Integer bestTrialIndex;
    @Column(name = "best_iteration")
    public Integer bestIteration;
    @Column(name = "best_hyperparameters")
    public String bestHyperparameters;
    @Column(name = "artifact_key")
    public String artifactKey;
    @Column(name = "artifact_sha256")
    public String artifactSha256;
    @Column(name = "artifact_bytes")
    public Long artifactBytes;
    @Column(name = "descriptor_key")
    public String descriptorKey;
    /** The DatasetReady envelope as received (JSON), so a job can be run from the database alone. */
    @Column(name = "dataset_event")
    public String datasetEvent;
}
