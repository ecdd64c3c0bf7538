package dev.treeline.tuning.job;

import java.util.Optional;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code treeline.tuning.*}: how the service runs jobs. How a model is tuned is not configured here: every job takes
 * it from the tuning section of the DatasetReady it consumes (the model definition's {@code tuning} section, owned by
 * data-prep). The old per-model keys ({@code treeline.tuning.models."<model>".*}) are refused at start-up
 * ({@link TuningConfigValidator}).
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
}
