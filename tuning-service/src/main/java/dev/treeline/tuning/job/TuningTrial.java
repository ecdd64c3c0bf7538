package dev.treeline.tuning.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One trial of a job: its full configuration, result and timing. */
@Entity
@Table(name = "tuning_trial")
@IdClass(TuningTrial.Key.class)
public class TuningTrial extends PanacheEntityBase {

    /** Trials the optimiser proposed vs. a parent's best configuration re-evaluated first (transfer learning). */
    public enum Origin {
        SEARCH,
        PARENT_BEST
    }

    public enum Status {
        SUCCEEDED,
        FAILED
    }

    @Id
    @Column(name = "job_name")
    public String jobName;
    @Id
    @Column(name = "trial_index")
    public int trialIndex;
    @Enumerated(EnumType.STRING)
    public Origin origin;
    /** The configuration as trained. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> parameters;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Double objective;
    @Column(name = "best_iteration")
    public Integer bestIteration;
    public Integer rounds;
    @Column(name = "duration_ms")
    public long durationMs;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "finished_at")
    public Instant finishedAt;

    /** Composite primary key (job, index). */
    public static class Key implements Serializable {
        public String jobName;
        public int trialIndex;

        public Key() {
        }

        public Key(String jobName, int trialIndex) {
            this.jobName = jobName;
            this.trialIndex = trialIndex;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.trialIndex == trialIndex && Objects.equals(k.jobName, jobName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobName, trialIndex);
        }
    }
}
