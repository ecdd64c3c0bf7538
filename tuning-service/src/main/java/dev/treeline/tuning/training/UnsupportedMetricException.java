package dev.treeline.tuning.training;

import dev.treeline.events.definition.Objectives.Objective;
import dev.treeline.support.errors.InvalidRequestException;

/** An objective metric this service cannot tune by, or one that does not fit the job's objective. */
public class UnsupportedMetricException extends InvalidRequestException {

    private UnsupportedMetricException(String message) {
        super(message);
    }

    static UnsupportedMetricException unknown(String metric, Objective objective) {
        return new UnsupportedMetricException("objective metric '" + metric + "' is not supported by the tuning"
                + " service; " + advice(objective));
    }

    static UnsupportedMetricException notFitting(String metric, Objective objective) {
        return new UnsupportedMetricException("objective metric '" + metric + "' does not fit objective '"
                + objective.name() + "'; " + advice(objective));
    }

    private static String advice(Objective objective) {
        return objective.name() + " is tuned by one of " + String.join(", ", objective.metrics())
                + ": set task.objective-metric to one of them or leave it out (default "
                + objective.defaultMetric() + ")";
    }
}
