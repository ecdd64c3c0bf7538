package dev.treeline.events.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The XGBoost objectives Treeline trains, with the validation metrics each may be tuned on (XGBoost's names, the
 * part after SageMaker's {@code validation:}), the default metric and the answer shape an endpoint returns. The
 * one table data-prep validates definitions against, tuning picks metrics from and the README publishes.
 */
public final class Objectives {

    /** What kind of task an objective learns. */
    public enum Family {
        REGRESSION, BINARY, MULTICLASS, RANKING, COUNT, POSITIVE
    }

    /** What an endpoint answers per row. */
    public enum AnswerShape {
        /** One number: the prediction (regression, counts, positive targets, ranking scores). */
        SCORE,
        /** One probability of the positive class. */
        PROBABILITY,
        /** One untransformed margin (log-odds). */
        MARGIN,
        /** One class index (0/1 for binary:hinge, 0..k-1 for multi:softmax): no probabilities. */
        CLASS,
        /** One probability per class, classes 0..k-1 in order. */
        CLASS_PROBABILITIES
    }

    /**
     * One objective.
     *
     * @param metrics       validation metrics it may be tuned on; {@code ndcg@k}, {@code map@k}, {@code pre@k}
     *                      stand for those metrics with any positive integer k
     * @param defaultMetric the metric when the definition names none
     */
    public record Objective(String name, Family family, String defaultMetric, List<String> metrics,
            AnswerShape answer) {

        /** True when {@code metric} (without {@code validation:}) may be this objective's objective metric. */
        public boolean allows(String metric) {
            if (metric == null) {
                return false;
            }
            String m = Metrics.strip(metric);
            if (!m.endsWith("@k") && metrics.contains(m)) {
                return true;
            }
            int at = m.indexOf('@');
            return at > 0 && metrics.contains(m.substring(0, at) + "@k") && Metrics.K.matcher(m.substring(at + 1))
                    .matches();
        }
    }

    private static final List<String> REGRESSION_METRICS = List.of("rmse", "mae", "rmsle", "mape");
    private static final Map<String, Objective> BY_NAME = new LinkedHashMap<>();

    static {
        add("reg:squarederror", Family.REGRESSION, "rmse", REGRESSION_METRICS, AnswerShape.SCORE);
        add("reg:squaredlogerror", Family.REGRESSION, "rmsle", REGRESSION_METRICS, AnswerShape.SCORE);
        add("reg:absoluteerror", Family.REGRESSION, "mae", REGRESSION_METRICS, AnswerShape.SCORE);
        add("reg:pseudohubererror", Family.REGRESSION, "mphe", List.of("mphe", "rmse", "mae", "rmsle", "mape"),
                AnswerShape.SCORE);
        add("reg:quantileerror", Family.REGRESSION, "quantile", List.of("quantile", "mae", "rmse"),
                AnswerShape.SCORE);
        add("reg:logistic", Family.REGRESSION, "rmse", List.of("rmse", "mae", "logloss"), AnswerShape.SCORE);
        add("reg:gamma", Family.POSITIVE, "gamma-nloglik", List.of("gamma-nloglik", "gamma-deviance", "rmse", "mae",
                "mape"), AnswerShape.SCORE);
        add("reg:tweedie", Family.POSITIVE, "tweedie-nloglik", List.of("tweedie-nloglik", "rmse", "mae"),
                AnswerShape.SCORE);
        add("count:poisson", Family.COUNT, "poisson-nloglik", List.of("poisson-nloglik", "rmse", "mae"),
                AnswerShape.SCORE);
        add("binary:logistic", Family.BINARY, "logloss", List.of("logloss", "auc", "aucpr", "error"),
                AnswerShape.PROBABILITY);
        add("binary:logitraw", Family.BINARY, "auc", List.of("auc", "aucpr", "error"), AnswerShape.MARGIN);
        add("binary:hinge", Family.BINARY, "error", List.of("error"), AnswerShape.CLASS);
        add("multi:softprob", Family.MULTICLASS, "mlogloss", List.of("mlogloss", "merror", "auc"),
                AnswerShape.CLASS_PROBABILITIES);
        add("multi:softmax", Family.MULTICLASS, "merror", List.of("merror"), AnswerShape.CLASS);
        add("rank:ndcg", Family.RANKING, "ndcg", List.of("ndcg", "ndcg@k", "map", "map@k", "pre@k"),
                AnswerShape.SCORE);
        add("rank:pairwise", Family.RANKING, "ndcg", List.of("ndcg", "ndcg@k", "map", "map@k", "pre@k"),
                AnswerShape.SCORE);
        add("rank:map", Family.RANKING, "map", List.of("map", "map@k", "ndcg", "ndcg@k", "pre@k"),
                AnswerShape.SCORE);
    }

    private Objectives() {
    }

    private static void add(String name, Family family, String defaultMetric, List<String> metrics,
            AnswerShape answer) {
        BY_NAME.put(name, new Objective(name, family, defaultMetric, List.copyOf(metrics), answer));
    }

    /** Every supported objective, in the order the README lists them. */
    public static List<Objective> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<Objective> find(String objective) {
        return Optional.ofNullable(objective == null ? null : BY_NAME.get(objective));
    }

    public static Set<String> names() {
        return Set.copyOf(BY_NAME.keySet());
    }

    /** Metric names and their direction. */
    public static final class Metrics {

        static final Pattern K = Pattern.compile("[1-9][0-9]{0,3}");
        /** Larger is better for these (and their {@code @k} forms); every other metric is a loss. */
        private static final Set<String> HIGHER_IS_BETTER = Set.of("auc", "aucpr", "ndcg", "map", "pre",
                "accuracy", "r2", "precision", "recall", "f1", "macro_f1");

        private Metrics() {
        }

        /** {@code validation:auc} -> {@code auc}; names are case-insensitive. */
        public static String strip(String metric) {
            String m = metric.trim().toLowerCase(Locale.ROOT);
            return m.startsWith("validation:") ? m.substring("validation:".length()) : m;
        }

        /** True for metrics a tuning job maximises (auc, aucpr, ndcg, map, pre, with or without {@code @k}). */
        public static boolean higherIsBetter(String metric) {
            String m = strip(metric);
            int colon = m.lastIndexOf(':');
            m = m.substring(colon + 1);
            int at = m.indexOf('@');
            return HIGHER_IS_BETTER.contains(at < 0 ? m : m.substring(0, at));
        }
    }
}
