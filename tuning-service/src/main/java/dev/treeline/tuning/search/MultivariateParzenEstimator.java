package dev.treeline.tuning.search;

import java.util.Random;

/**
 * A product-kernel density over several dimensions (multivariate TPE, as in BOHB, Falkner et al. 2018, and Optuna's
 * {@code multivariate=True}): one component per observation, each a product of Gaussians truncated to the ranges,
 * plus a prior component centred in the box with sigma = range width in every dimension.
 *
 * <p>Per-dimension bandwidths follow {@link ParzenEstimator}'s rule (larger gap to the sorted neighbours, clipped),
 * so one dimension behaves exactly as there. Unlike independent TPE, a sample keeps the joint structure of the
 * configuration it came from: hyperparameters that work together (a low learning rate with many rounds) stay
 * together.
 */
final class MultivariateParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final int MAX_REJECTIONS = 1000;

    private final double[] lower;
    private final double[] upper;
    /** [component][dimension], the prior last. */
    private final double[][] mus;
    private final double[][] sigmas;
    private final double[] cumulativeWeights;
    /** log(weight) - sum over dimensions of log(sigma sqrt(2 pi) truncated mass), per component. */
    private final double[] logScales;

    private MultivariateParzenEstimator(double[] lower, double[] upper, double[][] mus, double[][] sigmas,
                                        double[] weights) {
        this.lower = lower;
        this.upper = upper;
        this.mus = mus;
        this.sigmas = sigmas;
        int n = weights.length;
        this.cumulativeWeights = new double[n];
        this.logScales = new double[n];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double running = 0;
        for (int k = 0; k < n; k++) {
            double w = weights[k] / total;
            running += w;
            cumulativeWeights[k] = running;
            double s = Math.log(w);
            for (int d = 0; d < lower.length; d++) {
                double mass = ParzenEstimator.normalCdf((upper[d] - mus[k][d]) / sigmas[k][d])
                        - ParzenEstimator.normalCdf((lower[d] - mus[k][d]) / sigmas[k][d]);
                s -= Math.log(sigmas[k][d]) + LOG_SQRT_2PI + Math.log(Math.max(mass, 1e-300));
            }
            logScales[k] = s;
        }
        cumulativeWeights[n - 1] = 1.0;
    }

    /**
     * @param observations [observation][dimension] in the transformed space
     * @param weights one per observation, finite and > 0
     */
    static MultivariateParzenEstimator fit(double[][] observations, double[] weights, double[] lower, double[] upper,
                                           double priorWeight) {
        int dims = lower.length;
        if (upper.length != dims || weights.length != observations.length) {
            throw new IllegalArgumentException("dimensions and weights must match the observations");
        }
        if (!(priorWeight > 0)) {
            throw new IllegalArgumentException("priorWeight must be > 0, got " + priorWeight);
        }
        int n = observations.length;
        double[][] mus = new double[n + 1][dims];
        double[][] sigmas = new double[n + 1][dims];
        double[] ws = new double[n + 1];
        for (int d = 0; d < dims; d++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                if (observations[i].length != dims) {
                    throw new IllegalArgumentException("observation " + i + " has " + observations[i].length
                            + " dimensions, expected " + dims);
                }
                column[i] = observations[i][d];
            }
            // the univariate fit validates weights and range and gives the bandwidth rule
            ParzenEstimator one = ParzenEstimator.fit(column, weights, lower[d], upper[d], priorWeight);
            for (int i = 0; i < n; i++) {
                mus[i][d] = column[i];
                sigmas[i][d] = one.observationSigma(i);
            }
            mus[n][d] = 0.5 * (lower[d] + upper[d]);
            sigmas[n][d] = upper[d] - lower[d];
        }
        System.arraycopy(weights, 0, ws, 0, n);
        ws[n] = priorWeight;
        return new MultivariateParzenEstimator(lower.clone(), upper.clone(), mus, sigmas, ws);
    }

    double[] sample(Random rng) {
        double u = rng.nextDouble();
        int k = 0;
        while (k < cumulativeWeights.length - 1 && u >= cumulativeWeights[k]) {
            k++;
        }
        double[] x = new double[lower.length];
        for (int d = 0; d < x.length; d++) {
            x[d] = truncatedNormal(mus[k][d], sigmas[k][d], lower[d], upper[d], rng);
        }
        return x;
    }

    /** A sample from component k alone, its bandwidths multiplied by {@code scale} (local search around it). */
    double[] sampleComponent(int k, double scale, Random rng) {
        double[] x = new double[lower.length];
        for (int d = 0; d < x.length; d++) {
            x[d] = truncatedNormal(mus[k][d], scale * sigmas[k][d], lower[d], upper[d], rng);
        }
        return x;
    }

    double logPdf(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[mus.length];
        for (int k = 0; k < mus.length; k++) {
            double t = logScales[k];
            for (int d = 0; d < x.length; d++) {
                double z = (x[d] - mus[k][d]) / sigmas[k][d];
                t -= 0.5 * z * z;
            }
            terms[k] = t;
            max = Math.max(max, t);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    int components() {
        return mus.length;
    }

    private static double truncatedNormal(double mu, double sigma, double lo, double hi, Random rng) {
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            double x = mu + sigma * rng.nextGaussian();
            if (x >= lo && x <= hi) {
                return x;
            }
        }
        return Math.max(lo, Math.min(hi, mu));
    }
}
