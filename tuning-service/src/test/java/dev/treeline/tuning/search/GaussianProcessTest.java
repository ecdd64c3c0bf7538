package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    /** y = sin(6 x0) + 0.5 x0: x1 and x2 are irrelevant. */
    private static double f(double[] x) {
        return Math.sin(6 * x[0]) + 0.5 * x[0];
    }

    private static double[] values(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f(x[i]);
        }
        return y;
    }

    private static double[][] points(int n, int dims, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][dims];
        for (double[] p : x) {
            for (int d = 0; d < dims; d++) {
                p[d] = rng.nextDouble();
            }
        }
        return x;
    }

    @Test
    void itInterpolatesNoiselessObservationsAndIsUncertainFarFromThem() {
        double[][] x = points(25, 3, 1);
        double[] y = values(x);
        GaussianProcess gp = GaussianProcess.fit(x, y, null, 200);
        for (int i = 0; i < x.length; i++) {
            double[] p = gp.predict(x[i]);
            assertThat(p[0]).isCloseTo(y[i], within(0.05));
            assertThat(p[1]).isLessThan(0.01 * gp.hyper().signalVariance());
        }
        // far outside the data the variance returns to the prior's
        double[] far = gp.predict(new double[] {50, 50, 50});
        assertThat(far[1]).isCloseTo(gp.hyper().signalVariance(), within(1e-3 * gp.hyper().signalVariance()));
        assertThat(far[0]).isCloseTo(gp.constantMean(), within(1e-3));
    }

    @Test
    void itPredictsHeldOutPointsOfASmoothFunctionFarBetterThanTheMean() {
        double[][] x = points(40, 3, 2);
        double[] y = values(x);
        GaussianProcess gp = GaussianProcess.fit(x, y, null, 200);
        double gpError = 0;
        double meanError = 0;
        for (double[] q : points(200, 3, 3)) {
            double e = gp.predict(q)[0] - f(q);
            double m = gp.constantMean() - f(q);
            gpError += e * e;
            meanError += m * m;
        }
        assertThat(gpError).isLessThan(0.05 * meanError);
    }

    @Test
    void fittedLengthscalesFindTheRelevantDimension() {
        double[][] x = points(40, 3, 4);
        double[] y = values(x);
        double[] ls = GaussianProcess.fit(x, y, null, 200).hyper().lengthscales();
        assertThat(ls[0]).isLessThan(ls[1] / 3).isLessThan(ls[2] / 3);
    }

    @Test
    void beyondTheFitLimitHyperparametersComeFromASpreadSubsetAndTheModelStillUsesEveryPoint() {
        double[][] x = points(GaussianProcess.MAX_FIT_POINTS + 70, 3, 6);
        double[] y = values(x);
        GaussianProcess gp = GaussianProcess.fit(x, y, null, 100);
        for (int i = 0; i < x.length; i++) {
            assertThat(gp.predict(x[i])[0]).isCloseTo(y[i], within(0.05));
        }
        int[] subset = GaussianProcess.spreadSubset(y, 5);
        double min = java.util.Arrays.stream(y).min().orElseThrow();
        double max = java.util.Arrays.stream(y).max().orElseThrow();
        assertThat(y[subset[0]]).isEqualTo(min);
        assertThat(y[subset[4]]).isEqualTo(max);
        assertThat(subset).doesNotHaveDuplicates();
    }

    @Test
    void fixedLengthscalesAreKeptAndDuplicatePointsDoNotBreakTheFactorisation() {
        double[][] x = {{0.2, 0.2}, {0.2, 0.2}, {0.8, 0.5}};
        double[] y = {1.0, 1.02, -1.0};
        GaussianProcess gp = GaussianProcess.fit(x, y, new double[] {0.3, 0.7}, 100);
        assertThat(gp.hyper().lengthscales()).containsExactly(0.3, 0.7);
        double[] p = gp.predict(new double[] {0.2, 0.2});
        assertThat(p[0]).isCloseTo(1.01, within(0.05));
        assertThat(gp.predict(new double[] {0.8, 0.5})[0]).isLessThan(0);
    }

    @Test
    void conditioningWithGivenHyperparametersMatchesTheFittedModelsPrediction() {
        double[][] x = points(15, 2, 5);
        double[] y = values(x);
        GaussianProcess fitted = GaussianProcess.fit(x, y, null, 100);
        GaussianProcess again = GaussianProcess.condition(x, y, fitted.constantMean(), fitted.hyper());
        double[] q = {0.37, 0.61};
        assertThat(again.predict(q)[0]).isEqualTo(fitted.predict(q)[0]);
        assertThat(again.predict(q)[1]).isEqualTo(fitted.predict(q)[1]);
    }
}
