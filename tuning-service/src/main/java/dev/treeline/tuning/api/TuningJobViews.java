package dev.treeline.tuning.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.treeline.events.definition.TuningSection;

/** JSON shapes of the tuning API. */
public final class TuningJobViews {

    private TuningJobViews() {
    }

    /** One row of the history (the old CSV's columns plus what the platform adds). */
    public record JobSummary(String name, Instant datetime, String model, String layer, String objective,
                             String evalMetric, Double evalMetricValue, int trainingJobCount, int maxJobs,
                             String strategy, String warmStartType, List<String> parents, String datasetHash,
                             long seed, boolean testing, String status, String runId) {
    }

    public record Progress(int trialsDone, int trialsTotal, int succeeded, int failed) {
    }

    /**
     * The best trial so far; once the job completes, its best. {@code fromParent}: on identical data no own trial
     * beat the parent's best, so the job kept it ({@code tuningJob} is the job that ran the trial) and its model was
     * retrained from it with the parent's seed.
     */
    public record BestSoFar(String tuningJob, boolean fromParent, int trialIndex, double value, Integer bestIteration,
                            Map<String, Object> parameters) {
    }

    public record TrialView(int index, String origin, String status, Map<String, Object> parameters, Double value,
                            Integer bestIteration, Integer rounds, long durationMs, String failureReason,
                            Instant finishedAt) {
    }

    public record Artifact(String modelKey, String sha256, Long bytes, String descriptorKey) {
    }

    /**
     * What the job ran with, so it can be repeated from its record: the objective metric its DatasetReady asked for,
     * the definition revision of the run (0: the event was upcast from schema version 2) and the tuning section
     * (kebab-case keys, defaults written out, as in the model definition). All null for jobs stored before sections.
     */
    public record RanWith(String objectiveMetric, Integer definitionRevision, TuningSection tuning) {
    }

    public record JobDetail(JobSummary job, Progress progress, BestSoFar bestSoFar, String failureReason,
                            Instant startedAt, Instant finishedAt, Map<String, Object> bestHyperparameters,
                            Map<String, Double> testMetrics, Artifact artifact, RanWith ranWith,
                            List<TrialView> trials) {
    }

    public record EvaluationView(String tuningJob, String model, String runId, String objective, long testRows,
                                 Map<String, Double> metrics, Instant datetime) {
    }
}
