package dev.treeline.registry.gate;

import dev.treeline.events.definition.Objectives;

import java.util.Locale;
import java.util.Optional;

/** How much worse a candidate's metric is than a baseline's, in percent of the baseline. */
public final class MetricComparison {

    private MetricComparison() {
    }

    /** The direction of every metric is decided in one place ({@link Objectives.Metrics#higherIsBetter}). */
    public static boolean higherIsBetter(String metric) {
        return Objectives.Metrics.higherIsBetter(metric);
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
