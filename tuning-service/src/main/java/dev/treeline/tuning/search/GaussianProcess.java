package dev.treeline.tuning.search;

import java.util.Arrays;

/**
 * Gaussian-process regression on the unit cube with a Matérn 5/2 ARD kernel and a constant mean, hyperparameters
 * fitted by maximum a posteriori (log marginal likelihood plus weak log-normal priors) with Adam on analytic
 * gradients. Small by design: tuning histories have tens of points, so a dense Cholesky is instant.
 *
 * <p>The lengthscale prior is the dimension-scaled log-normal of Hvarfner et al. (2024) (BoTorch's default since
 * 0.12): its median grows with sqrt(D), so with few points most dimensions start nearly irrelevant and only those
 * the data supports get short lengthscales.
 */
final class GaussianProcess {

    private static final double SQRT5 = Math.sqrt(5);
    private static final double JITTER = 1e-8;
    private static final double MIN_NOISE = 1e-6;
    /**
     * Hyperparameters are fitted on at most this many points (evenly spaced in the ranking of y, so the subset spans
     * good and bad), then the GP is conditioned on all of them: the fit costs O(n^3) per step, conditioning once.
     */
    static final int MAX_FIT_POINTS = 80;

    /** Hyperparameters; lengthscales in unit-cube coordinates. */
    record Hyper(double[] lengthscales, double signalVariance, double noiseVariance) {
    }

    private final double[][] x;
    private final double mean;
    private final Hyper hyper;
    private final double[][] chol;
    private final double[] alpha;

    private GaussianProcess(double[][] x, double mean, Hyper hyper, double[][] chol, double[] alpha) {
        this.x = x;
        this.mean = mean;
        this.hyper = hyper;
        this.chol = chol;
        this.alpha = alpha;
    }

    Hyper hyper() {
        return hyper;
    }

    double constantMean() {
        return mean;
    }

    /**
     * Fits the hyperparameters (lengthscales only when {@code fixedLengthscales} is null) and conditions on the data.
     *
     * @param x points in [0, 1]^D
     * @param y targets, any scale (a constant mean, their average, is subtracted)
     */
    static GaussianProcess fit(double[][] x, double[] y, double[] fixedLengthscales, int iterations) {
        return fit(x, y, fixedLengthscales, iterations, 1e-12);
    }

    /** As above; the signal-variance prior is centred on at least {@code minSignalVariance}. */
    static GaussianProcess fit(double[][] x, double[] y, double[] fixedLengthscales, int iterations,
                               double minSignalVariance) {
        int dims = x[0].length;
        double mean = Arrays.stream(y).average().orElse(0);
        double[][] fitX = x;
        double[] fitY = y;
        if (x.length > MAX_FIT_POINTS) {
            int[] subset = spreadSubset(y, MAX_FIT_POINTS);
            fitX = new double[subset.length][];
            fitY = new double[subset.length];
            for (int i = 0; i < subset.length; i++) {
                fitX[i] = x[subset[i]];
                fitY[i] = y[subset[i]];
            }
        }
        double[] centred = Arrays.stream(fitY).map(v -> v - mean).toArray();
        double variance = Math.max(minSignalVariance, Arrays.stream(centred).map(v -> v * v).average().orElse(1));
        // log-normal priors: lengthscales dimension-scaled, signal variance around the data's, noise around 1e-3 of it
        double lsPriorMu = Math.sqrt(2) + 0.5 * Math.log(dims);
        double lsPriorSd = Math.sqrt(3);
        double sigPriorMu = Math.log(variance);
        double sigPriorSd = 1.0;
        double noisePriorMu = Math.log(1e-3 * variance);
        double noisePriorSd = 2.0;

        boolean fitLs = fixedLengthscales == null;
        int nTheta = (fitLs ? dims : 0) + 2;
        double[] theta = new double[nTheta];
        if (fitLs) {
            // start shorter than the prior median so relevant dimensions are found rather than averaged away
            Arrays.fill(theta, 0, dims, Math.log(0.5 * Math.sqrt(dims) / 2));
        }
        theta[nTheta - 2] = sigPriorMu;
        theta[nTheta - 1] = noisePriorMu;

        // Adam ascent on the log posterior
        double[] m = new double[nTheta];
        double[] v = new double[nTheta];
        double lr = 0.05;
        double[] bestTheta = theta.clone();
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int it = 1; it <= iterations; it++) {
            double[] grad = new double[nTheta];
            double value = logPosterior(fitX, centred, theta, fixedLengthscales, grad,
                    lsPriorMu, lsPriorSd, sigPriorMu, sigPriorSd, noisePriorMu, noisePriorSd);
            if (!Double.isFinite(value)) {
                break;
            }
            if (value > bestValue) {
                bestValue = value;
                bestTheta = theta.clone();
            }
            for (int k = 0; k < nTheta; k++) {
                m[k] = 0.9 * m[k] + 0.1 * grad[k];
                v[k] = 0.999 * v[k] + 0.001 * grad[k] * grad[k];
                double mHat = m[k] / (1 - Math.pow(0.9, it));
                double vHat = v[k] / (1 - Math.pow(0.999, it));
                theta[k] += lr * mHat / (Math.sqrt(vHat) + 1e-8);
                theta[k] = Math.max(-12, Math.min(12, theta[k]));
            }
        }
        Hyper h = toHyper(bestTheta, dims, fixedLengthscales);
        return condition(x, y, mean, h);
    }

    /** Indices of m points evenly spaced in the ranking of y (the best and the worst included). */
    static int[] spreadSubset(double[] y, int m) {
        Integer[] order = new Integer[y.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(y[a], y[b]));
        int[] subset = new int[m];
        for (int i = 0; i < m; i++) {
            subset[i] = order[(int) Math.round((double) i * (y.length - 1) / (m - 1))];
        }
        return subset;
    }

    /** Conditions on the data with given hyperparameters and constant mean. */
    static GaussianProcess condition(double[][] x, double[] y, double mean, Hyper h) {
        int n = x.length;
        double[][] k = kernelMatrix(x, h, null);
        double[][] l = cholesky(k, h.noiseVariance());
        double[] centred = new double[n];
        for (int i = 0; i < n; i++) {
            centred[i] = y[i] - mean;
        }
        double[] a = cholSolve(l, centred);
        return new GaussianProcess(x, mean, h, l, a);
    }

    /** Posterior mean and variance (latent function, without observation noise) at q. */
    double[] predict(double[] q) {
        int n = x.length;
        double[] kq = new double[n];
        double mu = mean;
        for (int i = 0; i < n; i++) {
            kq[i] = kernel(x[i], q, hyper);
            mu += kq[i] * alpha[i];
        }
        double[] w = forwardSolve(chol, kq);
        double var = hyper.signalVariance();
        for (double wi : w) {
            var -= wi * wi;
        }
        return new double[] {mu, Math.max(var, 1e-12)};
    }

    private static Hyper toHyper(double[] theta, int dims, double[] fixedLengthscales) {
        double[] ls = fixedLengthscales != null ? fixedLengthscales.clone() : new double[dims];
        if (fixedLengthscales == null) {
            for (int d = 0; d < dims; d++) {
                ls[d] = Math.exp(theta[d]);
            }
        }
        int n = theta.length;
        return new Hyper(ls, Math.exp(theta[n - 2]), Math.max(MIN_NOISE, Math.exp(theta[n - 1])));
    }

    private static double logPosterior(double[][] x, double[] y, double[] theta, double[] fixedLs, double[] grad,
                                       double lsMu, double lsSd, double sigMu, double sigSd, double noiseMu,
                                       double noiseSd) {
        int n = x.length;
        int dims = x[0].length;
        Hyper h = toHyper(theta, dims, fixedLs);
        boolean fitLs = fixedLs == null;
        double[][][] dK = fitLs ? new double[dims][][] : null;
        double[][] kf = kernelMatrix(x, h, dK);
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(kf[i], 0, k[i], 0, n);
            k[i][i] += h.noiseVariance() + JITTER;
        }
        double[][] l;
        try {
            l = choleskyStrict(k);
        } catch (ArithmeticException e) {
            return Double.NEGATIVE_INFINITY;
        }
        double[] a = cholSolve(l, y);
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += 2 * Math.log(l[i][i]);
        }
        double fit = 0;
        for (int i = 0; i < n; i++) {
            fit += y[i] * a[i];
        }
        double value = -0.5 * fit - 0.5 * logDet;
        // W = a a^T - K^-1
        double[][] kInv = inverseFromCholesky(l);
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = a[i] * a[j] - kInv[i][j];
            }
        }
        int idx = 0;
        if (fitLs) {
            for (int d = 0; d < dims; d++) {
                double g = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        g += w[i][j] * dK[d][i][j];
                    }
                }
                double z = (theta[d] - lsMu) / lsSd;
                value -= 0.5 * z * z;
                grad[idx++] = 0.5 * g - z / lsSd;
            }
        }
        double gs = 0;
        double gn = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gs += w[i][j] * kf[i][j];
            }
            gn += w[i][i] * h.noiseVariance();
        }
        double zs = (theta[theta.length - 2] - sigMu) / sigSd;
        double zn = (theta[theta.length - 1] - noiseMu) / noiseSd;
        value -= 0.5 * zs * zs + 0.5 * zn * zn;
        grad[idx++] = 0.5 * gs - zs / sigSd;
        grad[idx] = 0.5 * gn - zn / noiseSd;
        return value;
    }

    static double kernel(double[] a, double[] b, Hyper h) {
        double r2 = 0;
        double[] ls = h.lengthscales();
        for (int d = 0; d < a.length; d++) {
            double z = (a[d] - b[d]) / ls[d];
            r2 += z * z;
        }
        double r = Math.sqrt(r2);
        return h.signalVariance() * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
    }

    /** Noise-free kernel matrix; fills dK[d] = dK/dlog(lengthscale_d) when dK is not null. */
    private static double[][] kernelMatrix(double[][] x, Hyper h, double[][][] dK) {
        int n = x.length;
        int dims = x[0].length;
        double[] ls = h.lengthscales();
        double s2 = h.signalVariance();
        double[][] k = new double[n][n];
        if (dK != null) {
            for (int d = 0; d < dims; d++) {
                dK[d] = new double[n][n];
            }
        }
        double[] z2 = new double[dims];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double r2 = 0;
                for (int d = 0; d < dims; d++) {
                    double z = (x[i][d] - x[j][d]) / ls[d];
                    z2[d] = z * z;
                    r2 += z2[d];
                }
                double r = Math.sqrt(r2);
                double e = Math.exp(-SQRT5 * r);
                double kv = s2 * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * e;
                k[i][j] = kv;
                k[j][i] = kv;
                if (dK != null) {
                    double common = s2 * 5.0 / 3.0 * (1 + SQRT5 * r) * e;
                    for (int d = 0; d < dims; d++) {
                        double g = common * z2[d];
                        dK[d][i][j] = g;
                        dK[d][j][i] = g;
                    }
                }
            }
        }
        return k;
    }

    /** Cholesky of K + (noise + jitter) I, raising the jitter until it succeeds. */
    private static double[][] cholesky(double[][] kf, double noise) {
        int n = kf.length;
        double jitter = JITTER;
        for (int attempt = 0; attempt < 10; attempt++, jitter *= 10) {
            double[][] k = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(kf[i], 0, k[i], 0, n);
                k[i][i] += noise + jitter;
            }
            try {
                return choleskyStrict(k);
            } catch (ArithmeticException e) {
                // try again with more jitter
            }
        }
        throw new ArithmeticException("kernel matrix is not positive definite");
    }

    static double[][] choleskyStrict(double[][] k) {
        int n = k.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = k[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ArithmeticException("not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    static double[] forwardSolve(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i][p] * y[p];
            }
            y[i] = s / l[i][i];
        }
        return y;
    }

    static double[] cholSolve(double[][] l, double[] b) {
        int n = b.length;
        double[] y = forwardSolve(l, b);
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < n; p++) {
                s -= l[p][i] * x[p];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    private static double[][] inverseFromCholesky(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][n];
        double[] e = new double[n];
        for (int c = 0; c < n; c++) {
            Arrays.fill(e, 0);
            e[c] = 1;
            double[] col = cholSolve(l, e);
            for (int r = 0; r < n; r++) {
                inv[r][c] = col[r];
            }
        }
        return inv;
    }
}
