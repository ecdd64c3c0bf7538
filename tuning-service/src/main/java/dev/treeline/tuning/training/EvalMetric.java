package dev.treeline.tuning.training;

import java.util.Arrays;
import java.util.Optional;

/**
 * The validation metric a job minimises: what XGBoost calls it and what warm start matches parents on. The job takes
 * it from {@code DatasetReady.objectiveMetric} (the model definition's {@code task.objective-metric}); it must fit
 * the objective.
 */
public enum EvalMetric {
    RMSE("rmse"),
    LOGLOSS("logloss");

    private final String xgboostName;

    EvalMetric(String xgboostName) {
        this.xgboostName = xgboostName;
    }

    public String xgboostName() {
        return xgboostName;
    }

    /** The objective's own metric: RMSE for regression objectives ({@code reg:*}), log loss for binary:logistic. */
    public static EvalMetric forObjective(String objective) {
        if (objective != null && objective.startsWith("reg:")) {
            return RMSE;
        }
        if ("binary:logistic".equals(objective)) {
            return LOGLOSS;
        }
        throw new UnsupportedObjectiveException(objective);
    }

    /**
     * The metric named {@code metric} (XGBoost's name, without {@code validation:}) for a job of {@code objective}.
     *
     * @throws UnsupportedObjectiveException when the objective is not one this service tunes
     * @throws UnsupportedMetricException    when the metric is unknown here or does not fit the objective
     */
    public static EvalMetric forObjective(String objective, String metric) {
        EvalMetric fitting = forObjective(objective);
        EvalMetric named = byName(metric).orElseThrow(() -> UnsupportedMetricException.unknown(metric, objective,
                fitting));
        if (named != fitting) {
            throw UnsupportedMetricException.notFitting(metric, objective, fitting);
        }
        return named;
    }

    static Optional<EvalMetric> byName(String metric) {
        return Arrays.stream(values()).filter(m -> m.xgboostName.equals(metric)).findFirst();
    }
}
