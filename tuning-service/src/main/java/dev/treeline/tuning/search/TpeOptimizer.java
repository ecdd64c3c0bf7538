package dev.treeline.tuning.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Independent (univariate) Tree-structured Parzen Estimator, Bergstra et al. 2011, as in Hyperopt and Optuna's
 * default sampler.
 *
 * <p>Below {@code nStartup} observations it samples uniformly (a density model from a handful of points is noise).
 * Afterwards the history is split at the {@code gamma} quantile of the objective into "good" (at least one trial)
 * and "bad"; each numeric parameter gets a Parzen estimator l(x) over good values and g(x) over bad values in the
 * transformed space. {@code nCandidates} points are drawn from l and the one with the largest
 * {@code sum over parameters of log l(x) - log g(x)} wins: that ratio is monotone in expected improvement.
 *
 * <p>Parent trials (warm start) are ordinary observations here; that is exactly how identical-data warm start
 * works. Trials whose configuration is not inside the space are ignored (use {@link WarmStart} to clip them).
 * Integers are sampled continuously over [min - 0.5, max + 0.5] then rounded and clamped; their densities are
 * evaluated at the rounded value. All randomness comes from the given {@link Random}, in a fixed order.
 */
public final class TpeOptimizer implements Optimizer {

    public static final int DEFAULT_N_STARTUP = 10;
    public static final double DEFAULT_GAMMA = 0.25;
    public static final int DEFAULT_N_CANDIDATES = 24;
    private static final double PRIOR_WEIGHT = 1.0;

    private final SearchSpace space;
    private final int nStartup;
    private final double gamma;
    private final int nCandidates;

    public TpeOptimizer(SearchSpace space) {
        this(space, DEFAULT_N_STARTUP, DEFAULT_GAMMA, DEFAULT_N_CANDIDATES);
    }

    public TpeOptimizer(SearchSpace space, int nStartup, double gamma, int nCandidates) {
        if (space == null) {
            throw new IllegalArgumentException("space must not be null");
        }
        if (nStartup < 1) {
            throw new IllegalArgumentException("nStartup must be >= 1, got " + nStartup);
        }
        if (!(gamma > 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1), got " + gamma);
        }
        if (nCandidates < 1) {
            throw new IllegalArgumentException("nCandidates must be >= 1, got " + nCandidates);
        }
        this.space = space;
        this.nStartup = nStartup;
        this.gamma = gamma;
        this.nCandidates = nCandidates;
    }

    @Override
    public Configuration suggest(List<Trial> history, Random rng) {
        List<Trial> usable = new ArrayList<>();
        for (Trial t : history) {
            if (t.config().contains(space)) {
                usable.add(t);
            }
        }
        if (usable.size() < nStartup) {
            return SpaceSampler.sampleUniform(space, rng);
        }
        // List.sort is stable: equal objectives keep history order, so the split is deterministic
        usable.sort(Comparator.comparingDouble(Trial::objective));
        int nGood = goodCount(usable.size());
        List<Trial> good = usable.subList(0, nGood);
        List<Trial> bad = usable.subList(nGood, usable.size());

        List<NumericParameter> numeric = space.numericParameters();
        List<ParzenEstimator> ls = new ArrayList<>();
        List<ParzenEstimator> gs = new ArrayList<>();
        for (NumericParameter p : numeric) {
            ls.add(ParzenEstimator.fit(transformed(good, p), p.transformedLower(), p.transformedUpper(), PRIOR_WEIGHT));
            gs.add(ParzenEstimator.fit(transformed(bad, p), p.transformedLower(), p.transformedUpper(), PRIOR_WEIGHT));
        }

        Configuration best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < nCandidates; c++) {
            Map<String, Object> values = new LinkedHashMap<>();
            double score = 0;
            int i = 0;
            for (Parameter p : space.parameters()) {
                if (p instanceof NumericParameter n) {
                    Object value = n.fromTransformed(ls.get(i).sample(rng));
                    double t = n.toTransformed((Number) value);
                    score += ls.get(i).logPdf(t) - gs.get(i).logPdf(t);
                    values.put(p.name(), value);
                    i++;
                } else {
                    values.put(p.name(), ((StaticParameter) p).value());
                }
            }
            if (best == null || score > bestScore) {
                best = Configuration.of(values);
                bestScore = score;
            }
        }
        return best;
    }

    /** ceil(gamma * n), at least 1 so l(x) always has data. */
    int goodCount(int n) {
        return Math.max(1, Math.min(n, (int) Math.ceil(gamma * n)));
    }

    private static double[] transformed(List<Trial> trials, NumericParameter p) {
        double[] xs = new double[trials.size()];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = p.toTransformed((Number) trials.get(k).config().get(p.name()));
        }
        return xs;
    }

    @Override
    public String name() {
        return "tpe";
    }
}
