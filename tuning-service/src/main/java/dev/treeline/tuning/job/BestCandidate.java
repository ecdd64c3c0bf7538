package dev.treeline.tuning.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial that can become a job's best, and how to retrain its model: the configuration, the rounds
 * ({@code bestIteration + 1}) and the job seed it was trained with.
 *
 * @param trialJob       the job that ran the trial
 * @param trialIndex     the trial's index in {@code trialJob}
 * @param value          its validation value: the eval metric as reported (not negated for a maximised one)
 * @param configuration  the configuration as trained ({@code num_round} is replaced by the rounds when shipped)
 * @param seed           the job seed its model was trained with ({@link TuningJobRunner#xgboostSeed} maps it)
 * @param keptFrom       the parent whose best this is, or null for the job's own trial
 * @param artifactSha256 the SHA-256 of the model the parent shipped from it; null for an own trial
 */
public record BestCandidate(String trialJob, int trialIndex, double value, int bestIteration,
                            Map<String, Object> configuration, long seed, String keptFrom, String artifactSha256) {

    public BestCandidate {
        // in the given order, so the shipped hyperparameters list as the search space (or the parent) does
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    }

    public static BestCandidate own(String job, int trialIndex, double value, int bestIteration,
                                    Map<String, Object> configuration, long seed) {
        return new BestCandidate(job, trialIndex, value, bestIteration, configuration, seed, null, null);
    }

    public boolean fromParent() {
        return keptFrom != null;
    }

    public int rounds() {
        return bestIteration + 1;
    }
}
