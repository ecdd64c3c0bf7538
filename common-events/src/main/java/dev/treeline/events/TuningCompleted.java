package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/**
 * A tuning job finished and its best model was written.
 *
 * <p>Schema version 2 nests the data's origin in {@link Lineage} (copied from the DatasetReady); version 1 (flat
 * fields) is still read and upcast ({@link Upcasters}).
 *
 * @param lineage          where the data came from and the splits the job trained and evaluated on
 * @param parentTuningJobs earlier jobs this one warm-started from; empty for a cold start
 * @param testMetrics      metrics of the best model on the held-out test split
 * @param testing          marks a run whose outputs must never be deployed to production
 */
public record TuningCompleted(
        @NotBlank String runId,
        @NotNull @ModelGroupName String model,
        @NotBlank String objective,
        @NotNull @Valid Lineage lineage,
        @NotBlank String tuningJobName,
        @NotNull List<@NotBlank String> parentTuningJobs,
        @NotNull WarmStartType warmStartType,
        @NotNull TuningStrategy strategy,
        @Min(1) int trialCount,
        @NotEmpty Map<@NotBlank String, Object> bestHyperparameters,
        @NotBlank String objectiveMetric,
        double objectiveMetricValue,
        @NotNull Map<@NotBlank String, @NotNull Double> testMetrics,
        @NotNull @Valid ArtifactRef artifact,
        @NotBlank String xgboostVersion,
        boolean testing) implements EventPayload {

    public TuningCompleted {
        parentTuningJobs = Copies.list(parentTuningJobs);
        bestHyperparameters = Copies.map(bestHyperparameters);
        testMetrics = Copies.map(testMetrics);
    }

    @Override
    public String modelGroup() {
        return model;
    }

    /** Validation hook (not part of the JSON): a warm start needs parents, a cold start has none. */
    @JsonIgnore
    @AssertTrue(message = "warm start type NONE takes no parent tuning jobs, other warm start types need at least one")
    public boolean isWarmStartConsistent() {
        if (warmStartType == null || parentTuningJobs == null) {
            return true;
        }
        return (warmStartType == WarmStartType.NONE) == parentTuningJobs.isEmpty();
    }
}
