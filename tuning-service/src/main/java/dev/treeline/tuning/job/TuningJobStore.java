package dev.treeline.tuning.job;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.treeline.events.ArtifactRef;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RunFailed;
import dev.treeline.events.TuningCompleted;
import dev.treeline.events.WarmStartType;
import dev.treeline.support.persistence.ArtifactColumns;
import dev.treeline.support.outbox.Outbox;
import dev.treeline.tuning.search.Direction;
import dev.treeline.tuning.search.TrialRecord;
import dev.treeline.tuning.training.TrialOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Every state change of a job, each in its own short transaction; results leave through the outbox in the same
 * transaction as the state change they announce.
 */
@ApplicationScoped
public class TuningJobStore {

    public static final String STAGE = "tuning";
    private static final Logger LOG = Logger.getLogger(TuningJobStore.class);

    private final Outbox outbox;
    private final Clock clock;

    public TuningJobStore(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Inserts a new RUNNING job in the caller's transaction (the consumer's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(TuningJob job) {
        job.persist();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean runExists(String runId) {
        return TuningJob.count("runId", runId) > 0;
    }

    @Transactional
    public TuningJob start(String name) {
        TuningJob job = require(name);
        job.startedAt = clock.instant();
        return job;
    }

    @Transactional
    public void recordWarmStart(String name, WarmStartPlan plan) {
        TuningJob job = require(name);
        job.warmStartType = plan.type();
        job.parents = plan.parentNames();
    }

    /** Stores one trial and keeps the job's count and best-so-far current (the progress API reads them). */
    @Transactional
    public void recordTrial(String name, TrialRecord record, TuningTrial.Origin origin, TrialOutcome outcome) {
        TuningJob job = lockForUpdate(name);
        TuningTrial t = new TuningTrial();
        t.jobName = name;
        t.trialIndex = record.index();
        t.origin = origin;
        t.parameters = record.config().values();
        t.status = record.succeeded() ? TuningTrial.Status.SUCCEEDED : TuningTrial.Status.FAILED;
        // the metric as reported: the search minimised it negated when it is maximised (auc)
        Direction direction = job.evalMetric == null ? Direction.MINIMIZE : job.evalMetric.direction();
        t.objective = record.succeeded() ? direction.toMetric(record.objective().getAsDouble()) : null;
        t.bestIteration = outcome == null ? null : outcome.bestIteration();
        t.rounds = outcome == null ? null : outcome.roundsTrained();
        t.durationMs = record.duration().toMillis();
        t.failureReason = record.failureReason().orElse(null);
        t.finishedAt = clock.instant();
        t.persist();
        job.trainingJobCount++;
        if (t.objective != null && (job.evalMetricValue == null
                || direction.toObjective(t.objective) < direction.toObjective(job.evalMetricValue))) {
            job.evalMetricValue = t.objective;
            job.bestTrialJob = name;
            job.bestTrialIndex = t.trialIndex;
            job.bestIteration = t.bestIteration;
        }
    }

    /** What a completed job stores besides its event: its best (own or a parent's), evaluation and artifact. */
    public record Completion(BestCandidate best, Map<String, Object> bestHyperparameters,
                             Map<String, Double> testMetrics, long testRows, ArtifactRef artifact,
                             String descriptorKey) {
    }

    /** Marks the job COMPLETED, stores its evaluation and publishes TuningCompleted, atomically. */
    @Transactional
    public void complete(String name, Completion c, EventEnvelope<TuningCompleted> event) {
        TuningJob job = lockForUpdate(name);
        if (job == null || job.status != TuningJob.Status.RUNNING) {
            throw new IllegalStateException("job " + name + " is no longer RUNNING");
        }
        Instant now = clock.instant();
        job.status = TuningJob.Status.COMPLETED;
        job.finishedAt = now;
        job.evalMetricValue = c.best().value();
        job.bestTrialJob = c.best().trialJob();
        job.bestTrialIndex = c.best().trialIndex();
        job.bestIteration = c.best().bestIteration();
        job.finalModelSeed = c.best().seed();
        job.bestHyperparameters = c.bestHyperparameters();
        job.artifact = ArtifactColumns.of(c.artifact());
        job.descriptorKey = c.descriptorKey();
        ModelEvaluation e = new ModelEvaluation();
        e.jobName = name;
        e.model = job.model;
        e.runId = job.runId;
        e.objective = job.objective;
        e.testRows = c.testRows();
        e.metrics = c.testMetrics();
        e.createdAt = now;
        e.persist();
        outbox.publish(event);
    }

    /**
     * Marks a RUNNING job FAILED with the reason and publishes RunFailed (stage {@code tuning}) naming the run.
     * A job that already finished is left alone.
     */
    @Transactional
    public boolean fail(String name, String reason) {
        TuningJob job = lockForUpdate(name);
        if (job == null || job.status != TuningJob.Status.RUNNING) {
            return false;
        }
        failLocked(job, reason);
        return true;
    }

    /**
     * Jobs left RUNNING by an earlier process (created before this one started) can never finish: nothing runs
     * them any more. Fail each with a clear reason, so the run is closed instead of hanging.
     */
    @Transactional
    public List<String> failInterrupted(Instant processStart) {
        List<TuningJob> stale = TuningJob.list("status = ?1 and createdAt < ?2", TuningJob.Status.RUNNING,
                processStart);
        for (TuningJob job : stale) {
            failLocked(job, "the tuning service stopped while this job was running (it had finished "
                    + job.trainingJobCount + " of " + job.maxJobs + " trials); retrain the run to tune again");
        }
        return stale.stream().map(j -> j.name).toList();
    }

    private void failLocked(TuningJob job, String reason) {
        job.status = TuningJob.Status.FAILED;
        job.failureReason = reason;
        job.finishedAt = clock.instant();
        if (job.warmStartType == null) {
            job.warmStartType = WarmStartType.NONE;
        }
        outbox.publish(EventEnvelope.of(job.runId, new RunFailed(job.runId, job.model, STAGE, reason)));
        LOG.warnf("tuning job %s (run %s, model %s) FAILED: %s", job.name, job.runId, job.model, reason);
    }

    @Transactional
    public Optional<TuningJob> find(String name) {
        return TuningJob.findByIdOptional(name);
    }

    /** The job row locked until the transaction ends, so concurrent trials and the final state do not race. */
    private static TuningJob lockForUpdate(String name) {
        return TuningJob.findById(name, LockModeType.PESSIMISTIC_WRITE);
    }

    private static TuningJob require(String name) {
        TuningJob job = TuningJob.findById(name);
        if (job == null) {
            throw new IllegalStateException("no tuning job " + name);
        }
        return job;
    }
}
