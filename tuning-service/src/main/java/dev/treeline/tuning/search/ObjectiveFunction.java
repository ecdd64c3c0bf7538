package dev.treeline.tuning.search;

/**
 * Trains and scores one configuration; returns the value to <em>minimise</em> (negate metrics to maximise, see
 * {@link Direction}). May throw: the loop records the trial as failed instead of aborting the job. Called
 * concurrently when maxParallel &gt; 1, so implementations must be thread-safe.
 */
@FunctionalInterface
public interface ObjectiveFunction {

    double evaluate(Configuration configuration) throws Exception;
}
