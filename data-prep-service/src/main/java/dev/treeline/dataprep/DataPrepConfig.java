package dev.treeline.dataprep;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Service settings ({@code treeline.data-prep.*}); models are defined by stored definitions
 * ({@code treeline.definitions.*}, {@link dev.treeline.dataprep.definition.DefinitionsConfig}).
 */
@ConfigMapping(prefix = "treeline.data-prep")
public interface DataPrepConfig {

    /** Runs extracting at the same time (each holds one warehouse connection and streams to disk). */
    @WithDefault("2")
    int extractionThreads();

    WarehouseRetry warehouseRetry();

    Warehouse warehouse();

    /**
     * Datasets stream to the bucket while they are written, in S3 multipart parts of this many bytes (S3's minimum
     * is 5 MiB); a split smaller than one part is a single PUT. Memory per running extraction: about 3 parts per
     * split.
     */
    @WithDefault("8388608")
    int uploadPartSize();

    /** Whether definitions' cron schedules publish RetrainRequested (off in most tests). */
    @WithDefault("true")
    boolean schedulerEnabled();

    /** What to do at start-up with runs a stopped process left active. */
    @WithDefault("true")
    boolean recoverRunsAtStart();

    /** How extraction queries run on the warehouse: always in a READ ONLY transaction. */
    interface Warehouse {

        /**
         * A query running longer is cancelled by the warehouse and the run fails ({@code query-timeout}); a model's
         * definition may set its own ({@code data.statement-timeout}). Between 1 ms and 24 days.
         */
        @WithDefault("PT10M")
        Duration statementTimeout();
    }

    interface WarehouseRetry {

        /** Retries after the first attempt when the warehouse is unreachable. */
        @WithDefault("4")
        int maxRetries();

        /** First delay; doubles after each attempt up to max-delay. */
        @WithDefault("2s")
        Duration delay();

        @WithDefault("30s")
        Duration maxDelay();
    }
}
