package dev.treeline.tuning.job;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import dev.treeline.events.TuningStrategy;
import dev.treeline.tuning.search.OutOfRangePolicy;
import dev.treeline.tuning.search.Scale;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;

/**
 * {@code treeline.tuning.*}: how jobs run, and per model ({@code treeline.tuning.models."<model>".*}) how it is
 * tuned. A model without an entry gets every default.
 */
@ConfigMapping(prefix = "treeline.tuning")
public interface TuningConfig {

    /** Jobs run at once (each may run several trials in parallel); 1 keeps the machine's cores for one job. */
    @WithDefault("1")
    int maxConcurrentJobs();

    /** Cores trials may use in total; defaults to the processors the JVM sees. */
    OptionalInt cores();

    /** Where splits are downloaded while a job runs; defaults to the system temp directory. */
    Optional<String> workDir();

    @WithDefaults
    Map<String, ModelTuning> models();

    /** How one model is tuned. */
    interface ModelTuning {

        @WithDefault("BAYESIAN")
        TuningStrategy strategy();

        /** Total trials of a job (SageMaker's MaxNumberOfTrainingJobs). */
        @WithDefault("30")
        int maxJobs();

        /** Trials run at once; XGBoost threads are divided so that trials x threads <= cores. */
        @WithDefault("2")
        int maxParallelJobs();

        /** Rounds without validation improvement before a trial stops; 0 disables early stopping. */
        @WithDefault("10")
        int earlyStoppingRounds();

        /** Parent jobs warm start uses at most (most recent eligible first); 0 always starts cold. */
        @WithDefault("1")
        int maxParents();

        /** Transfer learning re-evaluates this many of the parents' best configurations first. */
        @WithDefault("3")
        int transferBestConfigurations();

        /** Parent trials outside today's ranges: CLIP to the nearest bound or DROP them. */
        @WithDefault("CLIP")
        OutOfRangePolicy outOfRangePolicy();

        /** Fixes the job seed (optimiser and XGBoost); by default every job draws one, and records it. */
        OptionalLong seed();

        /** Overrides of the default ranges (or new searched parameters), by XGBoost parameter name. */
        Map<String, Range> ranges();

        /** Fixed XGBoost parameters for every trial; a static parameter replaces a searched one of the same name. */
        Map<String, String> staticParameters();
    }

    /** A searched parameter's range. */
    interface Range {
        double min();

        double max();

        @WithDefault("LINEAR")
        Scale scale();

        /** Integer parameter (e.g. max_depth, num_round) rather than continuous. */
        @WithDefault("false")
        boolean integer();
    }
}
