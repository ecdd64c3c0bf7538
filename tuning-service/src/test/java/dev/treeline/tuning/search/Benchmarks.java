package dev.treeline.tuning.search;

import java.util.Arrays;
import java.util.List;

/** Deterministic synthetic objectives and run helpers shared by the optimiser tests. */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** Four dimensions mixing log, integer and linear scales. */
    static final SearchSpace BOWL_SPACE = SearchSpace.of(
            ContinuousParameter.log("eta", 0.001, 1.0),
            IntegerParameter.linear("max_depth", 0, 10),
            ContinuousParameter.linear("subsample", 0.5, 1.0),
            ContinuousParameter.linear("lambda", 0, 100),
            new StaticParameter("objective", "binary:logistic"));

    /** Shifted quadratic bowl, minimum 0 at eta=0.03, max_depth=6, subsample=0.8, lambda=20. */
    static double bowl(Configuration c) {
        double a = Math.log10(c.getDouble("eta") / 0.03);
        double b = (c.getInt("max_depth") - 6) / 5.0;
        double s = (c.getDouble("subsample") - 0.8) / 0.25;
        double l = (c.getDouble("lambda") - 20) / 50.0;
        return a * a + b * b + s * s + l * l;
    }

    /** Five dimensions for the transfer-learning bowls: log, integer and linear, alpha dominating as in XGBoost. */
    public static final SearchSpace TRANSFER_SPACE = SearchSpace.of(
            ContinuousParameter.log("eta", 0.001, 1.0),
            IntegerParameter.linear("max_depth", 0, 10),
            ContinuousParameter.linear("subsample", 0.5, 1.0),
            ContinuousParameter.linear("lambda", 0, 100),
            ContinuousParameter.linear("alpha", 0, 1000),
            new StaticParameter("objective", "reg:squarederror"));

    /** A bowl over {@link #TRANSFER_SPACE} with its minimum {@code level} at the given point. */
    public static ObjectiveFunction transferBowl(double eta, int depth, double subsample, double lambda, double alpha,
                                                 double level, double scale) {
        return c -> {
            double a = Math.log10(c.getDouble("eta") / eta);
            double b = (c.getInt("max_depth") - depth) / 5.0;
            double s = (c.getDouble("subsample") - subsample) / 0.25;
            double l = (c.getDouble("lambda") - lambda) / 50.0;
            double r = (c.getDouble("alpha") - alpha) / 100.0;
            return level + scale * (a * a + b * b + s * s + l * l + r * r);
        };
    }

    /** Objective values in evaluation order of a sequential run with the given prior history. */
    static double[] run(Optimizer optimizer, long seed, int budget, List<Trial> prior) {
        SearchResult result = SearchLoop.builder(BOWL_SPACE, optimizer, Benchmarks::bowl)
                .maxTrials(budget).seed(seed).priorHistory(prior).build().run();
        return result.trials().stream().mapToDouble(r -> r.objective().orElseThrow()).toArray();
    }

    static double bestOf(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    /** 1-based number of trials until the objective first reaches {@code target}; budget + 1 if never. */
    public static int trialsToReach(double[] values, double target) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] <= target) {
                return i + 1;
            }
        }
        return values.length + 1;
    }

    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
