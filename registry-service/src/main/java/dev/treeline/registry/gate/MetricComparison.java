package dev.treeline.registry.gate;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** How much worse a candidate's metric is than a baseline's, in percent of the baseline. */
public final class MetricComparison {

    /** XGBoost metrics where larger is better; every other metric (rmse, mae, logloss, error...) is a loss. */
    private static final Set<String> HIGHER_IS_BETTER = Set.of("auc", "aucpr", "accuracy", "r2", "precision",
            "recall", "f1", "map", "ndcg", "pre");

    private MetricComparison() {
    }

    /** Guesses the direction from the metric's name ("ndcg@5" is ndcg; "validation:auc" is auc). */
    public static boolean higherIsBetter(String metric) {
        String name = metric.toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf(':') + 1);
        int at = name.indexOf('@');
        return HIGHER_IS_BETTER.contains(at < 0 ? name : name.substring(0, at));
    }

    /**
     * Percent by which {@code candidate} is worse than {@code baseline} (negative when better); a
     * zero baseline makes any worsening infinite.
     */
    public static double degradationPercent(double candidate, double baseline, boolean higherIsBetter) {
        double worseBy = higherIsBetter ? baseline - candidate : candidate - baseline;
        if (baseline == 0) {
            return worseBy > 0 ? Double.POSITIVE_INFINITY : worseBy < 0 ? Double.NEGATIVE_INFINITY : 0;
        }
        return worseBy / Math.abs(baseline) * 100;
    }

    /** The rejection reason if the candidate is worse by more than {@code maxPercent}. */
    public static Optional<String> rejection(String metric, double candidate, int baselineVersion, double baseline,
                                             boolean higherIsBetter, double maxPercent) {
        double degradation = degradationPercent(candidate, baseline, higherIsBetter);
        if (!(degradation > maxPercent)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "gate: test %s %s is %.2f%% worse than approved version %d's %s (%s is better; at most %.2f%% allowed)",
                metric, candidate, degradation, baselineVersion, baseline, higherIsBetter ? "higher" : "lower",
                maxPercent));
    }
}
