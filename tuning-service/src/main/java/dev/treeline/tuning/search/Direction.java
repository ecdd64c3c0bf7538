package dev.treeline.tuning.search;

/** Converts between a metric as reported (e.g. AUC to maximise) and the minimised objective optimisers use. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE;

    public double toObjective(double metric) {
        return this == MAXIMIZE ? -metric : metric;
    }

    public double toMetric(double objective) {
        return this == MAXIMIZE ? -objective : objective;
    }
}
