package dev.treeline.tuning.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gaussian-process Bayesian optimisation with expected improvement, warm-started by stacking (as in Google Vizier's
 * transfer learning, Golovin et al. 2017): a GP fitted to the parents' trials gives the prior mean, scaled and
 * shifted to the new data, and a residual GP fitted to the job's own trials corrects it where the job has looked.
 *
 * <ul>
 *   <li><b>Each task on its own scale.</b> Parent losses are standardised among themselves; the job's own losses by
 *       their own mean and a spread of at least the parent's coefficient of variation times their mean, so three
 *       near-identical re-evaluations are not blown up to unit variance.</li>
 *   <li><b>The parent's say is estimated, not assumed.</b> The own losses are regressed on the parent's prediction,
 *       {@code y = c + w m(x)}, with a Gaussian prior {@code w ~ N(1, priorSd^2)} and {@code w >= 0}: while the job
 *       has looked only where the parent agrees, w stays near 1; once its own results contradict the parent, w goes
 *       to 0 and the search is a cold GP on its own data. Large disagreements weigh more than small ones, so noise
 *       among near-equal configurations does not discredit a good parent.</li>
 *   <li><b>Trends extrapolate.</b> Unlike a Parzen estimator, which proposes near configurations already seen, the
 *       GP's mean carries a trend in the parent's data (lower {@code alpha} is better) past the parent's best.</li>
 * </ul>
 *
 * <p>Without parent trials: uniform for {@code nStartup} trials, then GP-EI on the job's own trials. Deterministic
 * for a given history and random source.
 */
public final class TransferGpOptimizer implements Optimizer {

    /**
     * @param nStartup       uniform trials before the GP takes over, when there are no parent trials
     * @param randomCandidates uniform candidates scored by expected improvement per suggestion
     * @param localCandidates  candidates around the 3 best own and 3 best parent configurations (about 3 dimensions
     *                         perturbed each, by {@code localSd} in unit-cube coordinates)
     * @param priorSd        prior standard deviation of the parent's scale w around 1
     * @param residualNoise  variance of the own losses around {@code c + w m(x)} in the regression for w
     * @param fitIterations  Adam steps when fitting GP hyperparameters
     */
    public record Settings(int nStartup, int randomCandidates, int localCandidates, double localSd, double priorSd,
                           double residualNoise, int fitIterations) {

        public Settings {
            if (nStartup < 1 || randomCandidates < 1 || localCandidates < 0 || fitIterations < 1) {
                throw new IllegalArgumentException("nStartup, randomCandidates and fitIterations must be >= 1 and"
                        + " localCandidates >= 0");
            }
            if (!(localSd > 0 && localSd <= 1) || !(priorSd > 0) || !(residualNoise > 0)) {
                throw new IllegalArgumentException("localSd must be in (0, 1], priorSd and residualNoise > 0");
            }
        }

        public static Settings defaults() {
            return new Settings(TpeOptimizer.DEFAULT_N_STARTUP, 2000, 600, 0.08, 0.5, 0.3, 150);
        }
    }

    /** Parent trials modelled at most (evenly spaced in their ranking); predictions cost O(n^2) per candidate. */
    static final int MAX_PARENT_POINTS = 150;
    /** Candidates drawn around the best-scoring one, every dimension moved by this much in unit coordinates. */
    private static final int REFINE_CANDIDATES = 200;
    private static final double REFINE_SD = 0.02;

    private final SearchSpace space;
    private final Settings settings;
    private final List<NumericParameter> numeric;

    // parallel trials: suggestions for the same history are believed to score what the model predicts (kriging
    // believer), so one batch spreads out instead of proposing the same optimum several times
    private List<Trial> lastHistory = List.of();
    private final List<double[]> pending = new ArrayList<>();
    // the parents' trials do not change during a job: their GP is fitted once
    private List<Trial> cachedParentTrials;
    private GaussianProcess cachedParentGp;
    private double cachedParentCv;

    public TransferGpOptimizer(SearchSpace space) {
        this(space, Settings.defaults());
    }

    public TransferGpOptimizer(SearchSpace space, Settings settings) {
        if (space == null || settings == null) {
            throw new IllegalArgumentException("space and settings must not be null");
        }
        this.space = space;
        this.settings = settings;
        this.numeric = space.numericParameters();
    }

    @Override
    public synchronized Configuration suggest(List<Trial> history, Random rng) {
        if (!history.equals(lastHistory)) {
            lastHistory = List.copyOf(history);
            pending.clear();
        }
        Configuration next = next(history, rng);
        pending.add(round(unit(next)));
        return next;
    }

    private Configuration next(List<Trial> history, Random rng) {
        List<Trial> own = new ArrayList<>();
        List<Trial> parent = new ArrayList<>();
        for (Trial t : history) {
            if (t.config().contains(space)) {
                (t.origin() == TrialOrigin.PARENT ? parent : own).add(t);
            }
        }
        if (numeric.isEmpty() || (parent.isEmpty() && own.size() < settings.nStartup())) {
            return SpaceSampler.sampleUniform(space, rng);
        }
        Model model = model(own, parent);
        // candidates: uniform, and local around the best own and parent configurations
        List<double[]> seeds = new ArrayList<>();
        own.stream().sorted(Comparator.comparingDouble(Trial::objective)).limit(3).forEach(t -> seeds.add(unit(t.config())));
        parent.stream().sorted(Comparator.comparingDouble(Trial::objective)).limit(3).forEach(t -> seeds.add(unit(t.config())));
        int dims = numeric.size();
        double[] best = null;
        double bestEi = Double.NEGATIVE_INFINITY;
        int total = settings.randomCandidates() + (seeds.isEmpty() ? 0 : settings.localCandidates());
        for (int c = 0; c < total; c++) {
            double[] u = new double[dims];
            if (c < settings.randomCandidates()) {
                for (int d = 0; d < dims; d++) {
                    u[d] = rng.nextDouble();
                }
            } else {
                double[] s = seeds.get(c % seeds.size());
                // perturb a random subset of dimensions (about 3), as trust-region methods do in many dimensions
                double p = Math.min(1.0, 3.0 / dims);
                boolean any = false;
                for (int d = 0; d < dims; d++) {
                    if (rng.nextDouble() < p) {
                        u[d] = clamp01(s[d] + settings.localSd() * rng.nextGaussian());
                        any = true;
                    } else {
                        u[d] = s[d];
                    }
                }
                if (!any) {
                    int d = rng.nextInt(dims);
                    u[d] = clamp01(s[d] + settings.localSd() * rng.nextGaussian());
                }
            }
            double[] r = round(u);
            double ei = model.expectedImprovement(r);
            if (ei > bestEi) {
                bestEi = ei;
                best = r;
            }
        }
        // refine around the winner
        for (int c = 0; c < REFINE_CANDIDATES && best != null; c++) {
            double[] u = new double[dims];
            for (int d = 0; d < dims; d++) {
                u[d] = clamp01(best[d] + REFINE_SD * rng.nextGaussian());
            }
            double[] r = round(u);
            double ei = model.expectedImprovement(r);
            if (ei > bestEi) {
                bestEi = ei;
                best = r;
            }
        }
        return toConfiguration(best);
    }

    /** The stacked model in the job's standardised units. */
    private Model model(List<Trial> own, List<Trial> parent) {
        if (!parent.equals(cachedParentTrials)) {
            fitParent(parent);
        }
        GaussianProcess parentGp = cachedParentGp;
        double cvParent = cachedParentCv;
        double[][] xo = own.stream().map(t -> unit(t.config())).toArray(double[][]::new);
        double[] yo = own.stream().mapToDouble(Trial::objective).toArray();
        double mo = own.isEmpty() ? 0 : mean(yo);
        double so = own.size() >= 2 ? sd(yo, mo) : 0;
        if (parentGp != null) {
            so = Math.max(so, cvParent * Math.abs(mo));
        }
        so = Math.max(so, 1e-12);
        double[] zo = new double[yo.length];
        for (int i = 0; i < yo.length; i++) {
            zo[i] = (yo[i] - mo) / so;
        }
        double w = 0;
        double c = 0;
        double[] m = new double[yo.length];
        if (parentGp != null) {
            for (int i = 0; i < yo.length; i++) {
                m[i] = parentGp.predict(xo[i])[0];
            }
            w = 1;
            if (yo.length > 0) {
                // MAP of w under N(1, priorSd^2), c flat; w >= 0 (a parent that ranks backwards gets no say)
                double prec = 1 / (settings.priorSd() * settings.priorSd());
                double noisePrec = 1 / settings.residualNoise();
                double mBar = mean(m);
                double zBar = mean(zo);
                double sxy = 0;
                double sxx = 0;
                for (int i = 0; i < yo.length; i++) {
                    sxy += (m[i] - mBar) * (zo[i] - zBar);
                    sxx += (m[i] - mBar) * (m[i] - mBar);
                }
                w = Math.max(0, (noisePrec * sxy + prec) / (noisePrec * sxx + prec));
                c = zBar - w * mBar;
            }
        }
        double[] r = new double[yo.length];
        for (int i = 0; i < yo.length; i++) {
            r[i] = zo[i] - c - w * m[i];
        }
        GaussianProcess residualGp = null;
        if (yo.length > 0) {
            // with few own trials the parent's lengthscales (which dimensions matter) are the better guess
            double[] ls = parentGp != null && own.size() < 2 * settings.nStartup() ? parentGp.hyper().lengthscales()
                    : null;
            residualGp = GaussianProcess.fit(xo, r, ls, settings.fitIterations(), parentGp != null ? 0.25 : 1.0);
        }
        if (!pending.isEmpty()) {
            residualGp = believe(residualGp, xo, r, parentGp);
        }
        double incumbent = Double.POSITIVE_INFINITY;
        for (double z : zo) {
            incumbent = Math.min(incumbent, z);
        }
        return new Model(parentGp, residualGp, w, c, incumbent);
    }

    /** The residual GP also conditioned on the pending suggestions, each at its predicted value. */
    private GaussianProcess believe(GaussianProcess residualGp, double[][] xo, double[] r, GaussianProcess parentGp) {
        int n = xo.length + pending.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < xo.length; i++) {
            x[i] = xo[i];
            y[i] = r[i];
        }
        GaussianProcess.Hyper hyper;
        double mean;
        if (residualGp != null) {
            hyper = residualGp.hyper();
            mean = residualGp.constantMean();
        } else {
            double[] ls = parentGp != null ? parentGp.hyper().lengthscales() : filled(numeric.size(), 0.3);
            hyper = new GaussianProcess.Hyper(ls, parentGp != null ? 0.25 : 1.0, 1e-3);
            mean = 0;
        }
        for (int k = 0; k < pending.size(); k++) {
            x[xo.length + k] = pending.get(k);
            y[xo.length + k] = residualGp != null ? residualGp.predict(pending.get(k))[0] : mean;
        }
        return GaussianProcess.condition(x, y, mean, hyper);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private void fitParent(List<Trial> allParent) {
        cachedParentTrials = List.copyOf(allParent);
        cachedParentGp = null;
        cachedParentCv = 0;
        List<Trial> parent = allParent;
        if (parent.size() > MAX_PARENT_POINTS) {
            // up to 5 parents of hundreds of trials: a spread of their ranking carries the shape at a bounded cost
            int[] subset = GaussianProcess.spreadSubset(parent.stream().mapToDouble(Trial::objective).toArray(),
                    MAX_PARENT_POINTS);
            parent = java.util.Arrays.stream(subset).mapToObj(allParent::get).toList();
        }
        if (!parent.isEmpty()) {
            double[][] xp = parent.stream().map(t -> unit(t.config())).toArray(double[][]::new);
            double[] yp = parent.stream().mapToDouble(Trial::objective).toArray();
            double mp = mean(yp);
            double sp = Math.max(sd(yp, mp), 1e-12);
            double cvParent = sp / Math.max(Math.abs(mp), 1e-12);
            double[] zp = new double[yp.length];
            for (int i = 0; i < yp.length; i++) {
                zp[i] = (yp[i] - mp) / sp;
            }
            cachedParentGp = GaussianProcess.fit(xp, zp, null, settings.fitIterations());
            cachedParentCv = cvParent;
        }
    }

    private record Model(GaussianProcess parent, GaussianProcess residual, double w, double c, double incumbent) {

        double expectedImprovement(double[] u) {
            double mu = c;
            double var = 0;
            if (parent != null) {
                double[] p = parent.predict(u);
                mu += w * p[0];
                var += w * w * p[1];
            }
            if (residual != null) {
                double[] r = residual.predict(u);
                mu += r[0];
                var += r[1];
            } else {
                var += 1;
            }
            double best = Double.isFinite(incumbent) ? incumbent : mu;
            double sd = Math.sqrt(Math.max(var, 1e-12));
            double z = (best - mu) / sd;
            return sd * (z * ParzenEstimator.normalCdf(z) + Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
        }
    }

    private double[] unit(Configuration c) {
        double[] u = new double[numeric.size()];
        for (int d = 0; d < u.length; d++) {
            NumericParameter p = numeric.get(d);
            double lo = p.transformedLower();
            double hi = p.transformedUpper();
            u[d] = hi > lo ? (p.toTransformed((Number) c.get(p.name())) - lo) / (hi - lo) : 0.5;
        }
        return u;
    }

    /** Snaps a unit point to where it will be evaluated (integers rounded). */
    private double[] round(double[] u) {
        double[] r = new double[u.length];
        for (int d = 0; d < u.length; d++) {
            NumericParameter p = numeric.get(d);
            double lo = p.transformedLower();
            double hi = p.transformedUpper();
            Object v = p.fromTransformed(lo + u[d] * (hi - lo));
            r[d] = hi > lo ? (p.toTransformed((Number) v) - lo) / (hi - lo) : 0.5;
        }
        return r;
    }

    private Configuration toConfiguration(double[] u) {
        Map<String, Object> values = new LinkedHashMap<>();
        int d = 0;
        for (Parameter p : space.parameters()) {
            if (p instanceof NumericParameter n) {
                values.put(p.name(), n.fromTransformed(n.transformedLower()
                        + u[d] * (n.transformedUpper() - n.transformedLower())));
                d++;
            } else {
                values.put(p.name(), ((StaticParameter) p).value());
            }
        }
        return Configuration.of(values);
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double sd(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return v.length == 0 ? 0 : Math.sqrt(s / v.length);
    }

    @Override
    public String name() {
        return "transfer-gp";
    }
}
