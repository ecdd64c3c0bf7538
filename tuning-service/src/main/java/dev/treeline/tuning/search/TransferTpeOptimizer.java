package dev.treeline.tuning.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * TPE for TRANSFER_LEARNING warm start: a parent job's trials (origin {@link TrialOrigin#PARENT}) and this job's own
 * trials ({@link TrialOrigin#CURRENT}) are combined in multivariate Parzen densities.
 *
 * <ul>
 *   <li><b>No common scale needed.</b> Losses on shifted data are not comparable with the parent's, but which
 *       configurations were good usually is (rank correlation 0.92-0.97 in our benchmark): each source is split into
 *       good and bad by its <em>own</em> ranking (best {@code gamma} quantile), l(x) mixes both good sets and g(x)
 *       both bad sets, as in the task-weighted meta-learning TPE of Watanabe et al. (2022).</li>
 *   <li><b>Multivariate.</b> Product kernels per observation ({@link MultivariateParzenEstimator}, as in BOHB and
 *       Optuna's multivariate TPE): candidates keep the joint structure of the good configuration they came from.</li>
 *   <li><b>The parent's weight decays and must be earned.</b> One parent observation weighs
 *       {@code m / (m + n) * similarity} (n = the job's own observations, m = {@code parentPseudoCount}); the job's
 *       own weigh 1. {@link #similarity} measures how well the parent ranks the job's own observations.</li>
 *   <li><b>Exploitation with a guard.</b> {@code nCandidates} candidates, {@code localFraction} of them from the
 *       incumbent's kernel (the job's best so far, bandwidths times {@code localScale}), the rest from l(x), ranked
 *       by l(x)/g(x). Every density keeps a prior kernel over the whole range; with probability
 *       {@code explorationRate} a suggestion is uniform, and while the job has fewer than {@code nStartup} own trials
 *       that probability is at least 1 - similarity: a discredited parent gives its place back to the uniform
 *       start-up a cold TPE would be doing. So a parent whose good region is wrong for the new data cannot trap the
 *       search.</li>
 * </ul>
 *
 * <p>Without parent trials this is multivariate TPE (uniform for the first {@code nStartup} trials). Deterministic for
 * a given history and random source; trials whose configuration is not inside the space are ignored.
 */
public final class TransferTpeOptimizer implements Optimizer {

    /** Tuning knobs; {@link #defaults()} is what the service and the benchmark use. */
    public record Settings(double gamma, int nCandidates, double parentPseudoCount, double similarityPriorPairs,
                           double localFraction, double localScale, double explorationRate, int nStartup) {

        public Settings {
            if (!(gamma > 0 && gamma < 1)) {
                throw new IllegalArgumentException("gamma must be in (0, 1), got " + gamma);
            }
            if (nCandidates < 1) {
                throw new IllegalArgumentException("nCandidates must be >= 1, got " + nCandidates);
            }
            if (!(parentPseudoCount >= 0)) {
                throw new IllegalArgumentException("parentPseudoCount must be >= 0, got " + parentPseudoCount);
            }
            if (!(similarityPriorPairs > 0)) {
                throw new IllegalArgumentException("similarityPriorPairs must be > 0, got " + similarityPriorPairs);
            }
            if (!(localFraction >= 0 && localFraction <= 1)) {
                throw new IllegalArgumentException("localFraction must be in [0, 1], got " + localFraction);
            }
            if (!(localScale > 0 && localScale <= 4)) {
                throw new IllegalArgumentException("localScale must be in (0, 4], got " + localScale);
            }
            if (!(explorationRate >= 0 && explorationRate < 1)) {
                throw new IllegalArgumentException("explorationRate must be in [0, 1), got " + explorationRate);
            }
            if (nStartup < 1) {
                throw new IllegalArgumentException("nStartup must be >= 1, got " + nStartup);
            }
        }

        public static Settings defaults() {
            return new Settings(0.25, 64, 10, 3, 0.5, 0.5, 0.1, TpeOptimizer.DEFAULT_N_STARTUP);
        }
    }

    private static final double PRIOR_WEIGHT = 1.0;
    /** Relative objective difference below which two own trials count as tied when judging the parent. */
    static final double TIE_TOLERANCE = 0.02;

    private final SearchSpace space;
    private final Settings settings;

    public TransferTpeOptimizer(SearchSpace space) {
        this(space, Settings.defaults());
    }

    public TransferTpeOptimizer(SearchSpace space, Settings settings) {
        if (space == null || settings == null) {
            throw new IllegalArgumentException("space and settings must not be null");
        }
        this.space = space;
        this.settings = settings;
    }

    @Override
    public Configuration suggest(List<Trial> history, Random rng) {
        List<Trial> own = new ArrayList<>();
        List<Trial> parent = new ArrayList<>();
        for (Trial t : history) {
            if (t.config().contains(space)) {
                (t.origin() == TrialOrigin.PARENT ? parent : own).add(t);
            }
        }
        if (own.size() + parent.size() < settings.nStartup()) {
            return SpaceSampler.sampleUniform(space, rng);
        }
        List<NumericParameter> numeric = space.numericParameters();
        double[] lower = new double[numeric.size()];
        double[] upper = new double[numeric.size()];
        for (int d = 0; d < lower.length; d++) {
            lower[d] = numeric.get(d).transformedLower();
            upper[d] = numeric.get(d).transformedUpper();
        }
        List<Trial> goodOwn = new ArrayList<>();
        List<Trial> badOwn = new ArrayList<>();
        split(own, goodOwn, badOwn);
        List<Trial> goodParent = new ArrayList<>();
        List<Trial> badParent = new ArrayList<>();
        split(parent, goodParent, badParent);
        double similarity = parent.isEmpty() ? 0 : similarity(own, goodParent, badParent, numeric, lower, upper);
        // while the job has fewer own trials than a cold search's start-up, a discredited parent gives its place
        // back to uniform exploration (a cold TPE would be sampling uniformly here)
        double explorationRate = own.size() < settings.nStartup()
                ? Math.max(settings.explorationRate(), 1 - similarity) : settings.explorationRate();
        if (rng.nextDouble() < explorationRate) {
            return SpaceSampler.sampleUniform(space, rng);
        }
        double parentWeight = parentWeight(own.size()) * similarity;
        if (parentWeight == 0) {
            goodParent.clear();
            badParent.clear();
        }
        // own observations first: the incumbent (best own trial) is then component 0 of l
        MultivariateParzenEstimator l = density(goodOwn, goodParent, parentWeight, numeric, lower, upper);
        MultivariateParzenEstimator g = density(badOwn, badParent, parentWeight, numeric, lower, upper);
        Configuration incumbent = goodOwn.isEmpty() ? null : goodOwn.get(0).config();
        int local = incumbent == null ? 0 : (int) Math.round(settings.localFraction() * settings.nCandidates());

        Configuration best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < settings.nCandidates(); c++) {
            boolean perturb = c < local;
            double[] x = perturb ? l.sampleComponent(0, settings.localScale(), rng) : l.sample(rng);
            Map<String, Object> values = new LinkedHashMap<>();
            double[] rounded = new double[x.length];
            int d = 0;
            for (Parameter p : space.parameters()) {
                if (p instanceof NumericParameter n) {
                    Object value = n.fromTransformed(x[d]);
                    // integers are scored where they will be evaluated
                    rounded[d] = n.toTransformed((Number) value);
                    values.put(p.name(), value);
                    d++;
                } else {
                    values.put(p.name(), ((StaticParameter) p).value());
                }
            }
            Configuration candidate = Configuration.of(values);
            if (candidate.equals(incumbent)) {
                continue; // re-evaluating the incumbent teaches nothing
            }
            double score = l.logPdf(rounded) - g.logPdf(rounded);
            if (best == null || score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best != null ? best : SpaceSampler.sampleUniform(space, rng);
    }

    /** Weight of one parent observation when the job has {@code ownCount} observations of its own. */
    double parentWeight(int ownCount) {
        double m = settings.parentPseudoCount();
        return m == 0 ? 0 : m / (m + ownCount);
    }

    /**
     * How far the parent may be trusted on the new data, in [0, 1]: Kendall's tau between the parent's density ratio
     * l(x)/g(x) and the job's own objective over pairs of the job's own trials (concordant when the parent prefers the
     * better one; pairs within {@link #TIE_TOLERANCE} are ties), shrunk towards 0 by {@code similarityPriorPairs}
     * pseudo-pairs, mapped to {@code clamp(1 + 2 tau, 0, 1)}: a parent at least as good as chance keeps its full say,
     * one that ranks the new data's configurations wrongly loses it (tau <= -1/2 gives 0). Like the ranking-loss
     * weights of RGPE (Feurer et al. 2018), so a parent that misleads cannot trap the search.
     */
    double similarity(List<Trial> own, List<Trial> goodParent, List<Trial> badParent, List<NumericParameter> numeric,
                      double[] lower, double[] upper) {
        if (own.size() < 2 || goodParent.isEmpty()) {
            return 1.0;
        }
        MultivariateParzenEstimator l = density(List.of(), goodParent, 1.0, numeric, lower, upper);
        MultivariateParzenEstimator g = density(List.of(), badParent, 1.0, numeric, lower, upper);
        double[] predicted = new double[own.size()];
        for (int i = 0; i < predicted.length; i++) {
            double[] x = point(own.get(i).config(), numeric);
            predicted[i] = l.logPdf(x) - g.logPdf(x);
        }
        double concordance = 0;
        int pairs = 0;
        for (int i = 0; i < predicted.length; i++) {
            for (int j = i + 1; j < predicted.length; j++) {
                double yi = own.get(i).objective();
                double yj = own.get(j).objective();
                double dy = yj - yi;
                double dp = predicted[i] - predicted[j];
                // differences within the evaluation noise (a few percent between runs of nearby configurations)
                // say nothing about the ranking
                if (Math.abs(dy) > TIE_TOLERANCE * Math.max(Math.abs(yi), Math.abs(yj)) && dp != 0) {
                    concordance += Math.signum(dy) * Math.signum(dp);
                    pairs++;
                }
            }
        }
        // tau shrunk towards 0 by the pseudo-pairs; a parent at least as good as chance keeps its full say
        double tau = concordance / (settings.similarityPriorPairs() + pairs);
        return Math.max(0, Math.min(1, 1 + 2 * tau));
    }

    /** Best ceil(gamma n) (at least one) into good, the rest into bad; stable, so ties keep history order. */
    private void split(List<Trial> trials, List<Trial> good, List<Trial> bad) {
        if (trials.isEmpty()) {
            return;
        }
        List<Trial> sorted = new ArrayList<>(trials);
        sorted.sort(Comparator.comparingDouble(Trial::objective));
        int nGood = Math.max(1, Math.min(sorted.size(), (int) Math.ceil(settings.gamma() * sorted.size())));
        good.addAll(sorted.subList(0, nGood));
        bad.addAll(sorted.subList(nGood, sorted.size()));
    }

    private static MultivariateParzenEstimator density(List<Trial> own, List<Trial> parent, double parentWeight,
                                                       List<NumericParameter> numeric, double[] lower,
                                                       double[] upper) {
        int n = own.size() + parent.size();
        double[][] xs = new double[n][];
        double[] ws = new double[n];
        int k = 0;
        for (Trial t : own) {
            xs[k] = point(t.config(), numeric);
            ws[k++] = 1.0;
        }
        for (Trial t : parent) {
            xs[k] = point(t.config(), numeric);
            ws[k++] = parentWeight;
        }
        return MultivariateParzenEstimator.fit(xs, ws, lower, upper, PRIOR_WEIGHT);
    }

    private static double[] point(Configuration c, List<NumericParameter> numeric) {
        double[] x = new double[numeric.size()];
        for (int d = 0; d < x.length; d++) {
            x[d] = numeric.get(d).toTransformed((Number) c.get(numeric.get(d).name()));
        }
        return x;
    }

    @Override
    public String name() {
        return "transfer-tpe";
    }
}
