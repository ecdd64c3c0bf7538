package dev.treeline.tuning.search;

/**
 * A finished, successful evaluation. The objective is always <em>minimised</em>; to maximise a metric (AUC,
 * accuracy) convert it with {@link Direction#toObjective(double)} (i.e. negate it) before recording.
 */
public record Trial(Configuration config, double objective, TrialOrigin origin) {

    public Trial {
        if (config == null || origin == null) {
            throw new IllegalArgumentException("trial config and origin must not be null");
        }
        if (!Double.isFinite(objective)) {
            throw new IllegalArgumentException("trial objective must be finite, got " + objective);
        }
    }

    public static Trial current(Configuration config, double objective) {
        return new Trial(config, objective, TrialOrigin.CURRENT);
    }

    public static Trial parent(Configuration config, double objective) {
        return new Trial(config, objective, TrialOrigin.PARENT);
    }

    public Trial withOrigin(TrialOrigin newOrigin) {
        return new Trial(config, objective, newOrigin);
    }
}
