package dev.treeline.tuning.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/**
 * A one-dimensional mixture of Gaussians truncated to {@code [lower, upper]}, one kernel per observation plus a wide
 * prior kernel, fitted like Hyperopt's {@code adaptive_parzen_normal}:
 * <ul>
 *   <li>the prior kernel sits at the middle of the range with sigma = range width and weight 1, so no region ever
 *       gets zero density (exploration never dies out and l/g stays finite);</li>
 *   <li>each observation's bandwidth is the larger gap to its sorted neighbours (prior centre included): kernels are
 *       narrow where observations cluster and wide where they are sparse;</li>
 *   <li>bandwidths are clipped to [range / min(100, 1 + n), range] so a tight cluster cannot collapse to a spike.</li>
 * </ul>
 * Truncation is renormalised per kernel, so densities compare fairly near the bounds.
 */
final class ParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int MAX_REJECTIONS = 1000;

    private final double lower;
    private final double upper;
    private final double[] mus;
    private final double[] sigmas;
    private final double[] cumulativeWeights;
    /** log(weight / (sigma * sqrt(2 pi) * truncated mass)), precomputed per kernel. */
    private final double[] logScales;
    /** observationKernel[i] = index of the kernel of the i-th observation as given to fit. */
    private final int[] observationKernel;

    private ParzenEstimator(double lower, double upper, double[] mus, double[] sigmas, double[] weights,
                            int[] observationKernel) {
        this.observationKernel = observationKernel;
        this.lower = lower;
        this.upper = upper;
        this.mus = mus;
        this.sigmas = sigmas;
        this.cumulativeWeights = new double[weights.length];
        this.logScales = new double[weights.length];
        double total = Arrays.stream(weights).sum();
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            double w = weights[i] / total;
            running += w;
            cumulativeWeights[i] = running;
            double mass = normalCdf((upper - mus[i]) / sigmas[i]) - normalCdf((lower - mus[i]) / sigmas[i]);
            logScales[i] = Math.log(w) - Math.log(sigmas[i]) - LOG_SQRT_2PI - Math.log(Math.max(mass, 1e-300));
        }
        cumulativeWeights[weights.length - 1] = 1.0;
    }

    static ParzenEstimator fit(double[] observations, double lower, double upper, double priorWeight) {
        double[] ones = new double[observations.length];
        Arrays.fill(ones, 1.0);
        return fit(observations, ones, lower, upper, priorWeight);
    }

    /**
     * As {@link #fit(double[], double, double, double)} with a weight per observation (transfer learning gives a
     * parent's observations less weight than the job's own). Bandwidths do not depend on the weights.
     */
    static ParzenEstimator fit(double[] observations, double[] observationWeights, double lower, double upper,
                               double priorWeight) {
        if (observationWeights.length != observations.length) {
            throw new IllegalArgumentException("one weight per observation expected");
        }
        for (double w : observationWeights) {
            if (!(w > 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("observation weights must be finite and > 0, got " + w);
            }
        }
        if (!(lower < upper)) {
            throw new IllegalArgumentException("empty range [" + lower + ", " + upper + "]");
        }
        double priorMu = 0.5 * (lower + upper);
        double priorSigma = upper - lower;
        int n = observations.length + 1;
        double[] rawMus = Arrays.copyOf(observations, n);
        rawMus[n - 1] = priorMu;
        // stable sort of indices so ties are resolved by insertion order (determinism)
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> rawMus[i]));

        double[] mus = new double[n];
        double[] weights = new double[n];
        int priorPos = -1;
        for (int k = 0; k < n; k++) {
            mus[k] = rawMus[order[k]];
            boolean isPrior = order[k] == n - 1;
            weights[k] = isPrior ? priorWeight : observationWeights[order[k]];
            if (isPrior) {
                priorPos = k;
            }
        }
        double[] sigmas = new double[n];
        double minSigma = priorSigma / Math.min(100.0, 1.0 + n);
        for (int k = 0; k < n; k++) {
            double left = k > 0 ? mus[k] - mus[k - 1] : 0;
            double right = k < n - 1 ? mus[k + 1] - mus[k] : 0;
            sigmas[k] = Math.max(minSigma, Math.min(priorSigma, Math.max(left, right)));
        }
        sigmas[priorPos] = priorSigma;
        int[] observationKernel = new int[n - 1];
        for (int k = 0; k < n; k++) {
            if (order[k] != n - 1) {
                observationKernel[order[k]] = k;
            }
        }
        return new ParzenEstimator(lower, upper, mus, sigmas, weights, observationKernel);
    }

    double sample(Random rng) {
        double u = rng.nextDouble();
        int k = 0;
        while (k < cumulativeWeights.length - 1 && u >= cumulativeWeights[k]) {
            k++;
        }
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            double x = mus[k] + sigmas[k] * rng.nextGaussian();
            if (x >= lower && x <= upper) {
                return x;
            }
        }
        // unreachable in practice: kernel centres lie in the range so at least ~half the mass is inside
        return Math.max(lower, Math.min(upper, mus[k]));
    }

    double logPdf(double x) {
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[mus.length];
        for (int k = 0; k < mus.length; k++) {
            double z = (x - mus[k]) / sigmas[k];
            terms[k] = logScales[k] - 0.5 * z * z;
            max = Math.max(max, terms[k]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    /** Bandwidth of the kernel of the i-th observation (in the order given to fit). */
    double observationSigma(int i) {
        return sigmas[observationKernel[i]];
    }

    int components() {
        return mus.length;
    }

    double sigma(int k) {
        return sigmas[k];
    }

    double mu(int k) {
        return mus[k];
    }

    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Complementary error function, Numerical Recipes' Chebyshev fit (relative error below 1.2e-7 everywhere). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
