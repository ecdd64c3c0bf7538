package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.treeline.events.Copies;
import dev.treeline.events.TuningStrategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * How a model's hyperparameters are searched: carried to the tuning service in {@code DatasetReady}, so the tuning
 * service has no per-model configuration of its own.
 *
 * @param strategy                   BAYESIAN (default) or RANDOM
 * @param maxTrials                  trials of one job (SageMaker's MaxNumberOfTrainingJobs); default 30
 * @param parallelTrials             trials at once (MaxParallelTrainingJobs); default 2
 * @param earlyStoppingRounds        rounds without validation improvement before a trial stops; 0 disables; default 10
 * @param maxParents                 earlier jobs a warm start uses at most; 0 always starts cold; default 1
 * @param transferBestConfigurations parents' best configurations re-evaluated first; default 3
 * @param outOfRangePolicy           parent trials outside today's ranges: CLIP (default) or DROP
 * @param seed                       fixes the job seed; absent means every job draws one and records it
 * @param ranges                     searched parameters (overriding the default ranges), by XGBoost parameter name
 * @param staticParameters           fixed XGBoost parameters; a static parameter replaces a searched one
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"strategy", "max-trials", "parallel-trials", "early-stopping-rounds", "max-parents",
        "transfer-best-configurations", "out-of-range-policy", "seed", "ranges", "static-parameters"})
public record TuningSection(
        TuningStrategy strategy,
        @Min(1) @Max(10_000) Integer maxTrials,
        @Min(1) @Max(1_000) Integer parallelTrials,
        @Min(0) Integer earlyStoppingRounds,
        @Min(0) @Max(100) Integer maxParents,
        @Min(0) Integer transferBestConfigurations,
        OutOfRangePolicy outOfRangePolicy,
        Long seed,
        Map<@NotBlank String, @Valid RangeSpec> ranges,
        Map<@NotBlank String, @NotBlank String> staticParameters) {

    public TuningSection {
        strategy = strategy == null ? TuningStrategy.BAYESIAN : strategy;
        maxTrials = maxTrials == null ? 30 : maxTrials;
        parallelTrials = parallelTrials == null ? 2 : parallelTrials;
        earlyStoppingRounds = earlyStoppingRounds == null ? 10 : earlyStoppingRounds;
        maxParents = maxParents == null ? 1 : maxParents;
        transferBestConfigurations = transferBestConfigurations == null ? 3 : transferBestConfigurations;
        outOfRangePolicy = outOfRangePolicy == null ? OutOfRangePolicy.CLIP : outOfRangePolicy;
        ranges = Copies.mapOrEmpty(ranges);
        staticParameters = Copies.mapOrEmpty(staticParameters);
    }

    public static TuningSection defaults() {
        return new TuningSection(null, null, null, null, null, null, null, null, null, null);
    }

    /** Parent trials outside today's ranges. */
    public enum OutOfRangePolicy {
        /** Moved to the nearest bound. */
        CLIP,
        /** Left out. */
        DROP
    }

    /**
     * A searched parameter's range.
     *
     * @param min     lower bound
     * @param max     upper bound (greater than min)
     * @param scale   LINEAR (default) or LOG (even over orders of magnitude; min must be positive)
     * @param integer an integer parameter (max_depth, num_round) rather than a continuous one; default false
     */
    @JsonPropertyOrder({"min", "max", "scale", "integer"})
    public record RangeSpec(double min, double max, Scale scale, Boolean integer) {

        public RangeSpec {
            scale = scale == null ? Scale.LINEAR : scale;
            integer = integer != null && integer;
        }
    }

    /** How a range is explored. */
    public enum Scale {
        LINEAR,
        LOG
    }
}
