package dev.treeline.tuning.training;

/**
 * The validation metric a job minimises, chosen from the objective: what XGBoost calls it and what warm start
 * matches parents on.
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

    /** Regression objectives ({@code reg:*}) are scored by RMSE, binary classification by log loss. */
    public static EvalMetric forObjective(String objective) {
        if (objective != null && objective.startsWith("reg:")) {
            return RMSE;
        }
        if ("binary:logistic".equals(objective)) {
            return LOGLOSS;
        }
        throw new UnsupportedObjectiveException(objective);
    }
}
