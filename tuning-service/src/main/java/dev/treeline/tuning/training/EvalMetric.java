package dev.treeline.tuning.training;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.treeline.events.definition.Objectives;
import dev.treeline.events.definition.Objectives.Objective;
import dev.treeline.tuning.search.Direction;

/**
 * The validation metric a job is tuned by: what XGBoost calls it, whether it is maximised, and what warm start
 * matches parents on. The job takes it from {@code DatasetReady.objectiveMetric} (the model definition's
 * {@code task.objective-metric}); it must be one common-events' {@link Objectives} table allows for the objective.
 *
 * <p>An enum because the job stores it as a column ({@code eval_metric}, the constant's name): rows written before
 * this table existed hold {@code RMSE} or {@code LOGLOSS} and still read. Ranking metrics ({@code ndcg}, {@code map},
 * {@code pre}) may carry a cut-off ({@code ndcg@5}): the constant is the metric without it, the cut-off travels as
 * the job's objective metric ({@link #xgboostEvalMetric}).
 */
public enum EvalMetric {
    RMSE("rmse"),
    LOGLOSS("logloss"),
    MAE("mae"),
    RMSLE("rmsle"),
    MAPE("mape"),
    MPHE("mphe"),
    QUANTILE("quantile"),
    AUC("auc"),
    AUCPR("aucpr"),
    ERROR("error"),
    MLOGLOSS("mlogloss"),
    MERROR("merror"),
    POISSON_NLOGLIK("poisson-nloglik"),
    GAMMA_NLOGLIK("gamma-nloglik"),
    GAMMA_DEVIANCE("gamma-deviance"),
    TWEEDIE_NLOGLIK("tweedie-nloglik"),
    NDCG("ndcg"),
    MAP("map"),
    PRE("pre");

    /** XGBoost's default {@code tweedie_variance_power}; the tweedie metric is named after the power trained with. */
    public static final double DEFAULT_TWEEDIE_POWER = 1.5;
    static final String TWEEDIE_POWER = "tweedie_variance_power";

    private final String xgboostName;

    EvalMetric(String xgboostName) {
        this.xgboostName = xgboostName;
    }

    /** The metric's name as definitions and reports spell it ({@code tweedie-nloglik} without its power). */
    public String xgboostName() {
        return xgboostName;
    }

    /** Whether a job maximises it (auc, aucpr) or minimises it (every loss), as {@link Objectives.Metrics} says. */
    public Direction direction() {
        return Objectives.Metrics.higherIsBetter(xgboostName) ? Direction.MAXIMIZE : Direction.MINIMIZE;
    }

    /**
     * The {@code eval_metric} parameter for a training with {@code params}: {@code tweedie-nloglik@<power>} carries the
     * trained {@code tweedie_variance_power} (default 1.5), since XGBoost evaluates the likelihood at that power;
     * every other metric is its plain name ({@code quantile} reads {@code quantile_alpha} from the parameters).
     */
    public String evalMetricParam(Map<String, ?> params) {
        if (this != TWEEDIE_NLOGLIK) {
            return xgboostName;
        }
        return xgboostName + "@" + tweediePower(params);
    }

    /** True for ndcg, map and pre, which take a cut-off {@code @k}. */
    public boolean isRanking() {
        return this == NDCG || this == MAP || this == PRE;
    }

    /**
     * The metric XGBoost evaluates for a job tuned by {@code objectiveMetric} (the definition's, with or without
     * {@code validation:}): a ranking metric keeps its cut-off ({@code ndcg@5}); every other is this constant's
     * {@link #evalMetricParam}. Null or blank: this constant's name.
     */
    public String xgboostEvalMetric(String objectiveMetric, Map<String, ?> params) {
        if (isRanking() && objectiveMetric != null && !objectiveMetric.isBlank()) {
            String m = Objectives.Metrics.strip(objectiveMetric);
            if (m.startsWith(xgboostName + "@")) {
                return m;
            }
        }
        return evalMetricParam(params);
    }

    /**
     * The metric's name as reported (TuningCompleted's {@code validation:} name, the descriptor, logs): a ranking
     * metric with the job's cut-off ({@code ndcg@5}), every other its plain name.
     */
    public String reportedName(String objectiveMetric) {
        return isRanking() ? xgboostEvalMetric(objectiveMetric, Map.of()) : xgboostName;
    }

    /** The {@code tweedie_variance_power} of a training's parameters, 1.5 when they leave it out. */
    public static double tweediePower(Map<String, ?> params) {
        Object p = params.get(TWEEDIE_POWER);
        if (p instanceof Number n) {
            return n.doubleValue();
        }
        if (p != null) {
            return Double.parseDouble(p.toString());
        }
        return DEFAULT_TWEEDIE_POWER;
    }

    /** The objective's default metric (its row of the {@link Objectives} table). */
    public static EvalMetric forObjective(String objective) {
        return forObjective(objective, supported(objective).defaultMetric());
    }

    /**
     * The metric named {@code metric} (XGBoost's name, with or without {@code validation:}, any case) for a job of
     * {@code objective}.
     *
     * @throws UnsupportedObjectiveException when the objective is unknown
     * @throws UnsupportedMetricException    when the metric is unknown here or does not fit the objective
     */
    public static EvalMetric forObjective(String objective, String metric) {
        Objective o = supported(objective);
        if (metric == null || !o.allows(metric)) {
            throw UnsupportedMetricException.notFitting(metric, o);
        }
        String m = Objectives.Metrics.strip(metric);
        int at = m.indexOf('@');
        // ndcg@5 is NDCG with a cut-off (allows() has checked the cut-off is one XGBoost takes)
        return byName(at > 0 ? m.substring(0, at) : m).orElseThrow(() -> UnsupportedMetricException.unknown(metric,
                o));
    }

    private static Objective supported(String objective) {
        return Objectives.find(objective).orElseThrow(() -> new UnsupportedObjectiveException(objective));
    }

    static Optional<EvalMetric> byName(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.xgboostName.equals(m)).findFirst();
    }
}
