package dev.treeline.tuning.training;

/**
 * Divides the machine between concurrent trials so that {@code parallelTrials * nthread <= cores}: parallel trials
 * are capped at the core count, and each gets {@code cores / parallelTrials} XGBoost threads (at least one).
 */
public record ThreadBudget(int parallelTrials, int nthread) {

    public static ThreadBudget of(int cores, int maxParallelJobs) {
        if (cores < 1 || maxParallelJobs < 1) {
            throw new IllegalArgumentException("cores and maxParallelJobs must be >= 1, got " + cores + " and "
                    + maxParallelJobs);
        }
        int parallel = Math.min(maxParallelJobs, cores);
        return new ThreadBudget(parallel, cores / parallel);
    }
}
