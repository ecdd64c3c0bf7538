package dev.treeline.tuning.training;

import java.util.Arrays;
import java.util.stream.Collectors;

import dev.treeline.support.errors.InvalidRequestException;

/** An objective metric this service cannot tune by, or one that does not fit the job's objective. */
public class UnsupportedMetricException extends InvalidRequestException {

    private UnsupportedMetricException(String message) {
        super(message);
    }

    static UnsupportedMetricException unknown(String metric, String objective, EvalMetric fitting) {
        String known = Arrays.stream(EvalMetric.values()).map(EvalMetric::xgboostName)
                .collect(Collectors.joining(", "));
        return new UnsupportedMetricException("objective metric '" + metric + "' is not supported (this service"
                + " tunes by " + known + "); " + advice(objective, fitting));
    }

    static UnsupportedMetricException notFitting(String metric, String objective, EvalMetric fitting) {
        return new UnsupportedMetricException("objective metric '" + metric + "' does not fit objective '"
                + objective + "'; " + advice(objective, fitting));
    }

    private static String advice(String objective, EvalMetric fitting) {
        return objective + " is tuned by " + fitting.xgboostName() + ": set task.objective-metric to "
                + fitting.xgboostName() + " or leave it out";
    }
}
