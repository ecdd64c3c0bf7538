package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MultivariateParzenEstimatorTest {

    private static final double[] LO = {0, 0};
    private static final double[] HI = {1, 1};

    @Test
    void inOneDimensionItIsTheUnivariateEstimator() {
        double[] xs = {0.1, 0.15, 0.9};
        double[] ws = {1, 2, 0.5};
        ParzenEstimator one = ParzenEstimator.fit(xs, ws, 0, 1, 1.0);
        MultivariateParzenEstimator multi = MultivariateParzenEstimator.fit(
                new double[][] {{0.1}, {0.15}, {0.9}}, ws, new double[] {0}, new double[] {1}, 1.0);
        for (double x = 0; x <= 1; x += 0.05) {
            assertThat(multi.logPdf(new double[] {x})).isCloseTo(one.logPdf(x), within(1e-9));
        }
    }

    @Test
    void densityIntegratesToOneOverTheBox() {
        MultivariateParzenEstimator pe = MultivariateParzenEstimator.fit(
                new double[][] {{0.1, 0.9}, {0.2, 0.8}, {0.7, 0.3}}, new double[] {1, 1, 0.3}, LO, HI, 1.0);
        int steps = 400;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < steps; j++) {
                sum += Math.exp(pe.logPdf(new double[] {(i + 0.5) / steps, (j + 0.5) / steps}));
            }
        }
        assertThat(sum / steps / steps).isCloseTo(1.0, within(2e-3));
    }

    @Test
    void samplesKeepTheJointStructureOfTheObservations() {
        // two good configurations on the diagonal: independent sampling would also produce the off-diagonal corners
        MultivariateParzenEstimator pe = MultivariateParzenEstimator.fit(
                new double[][] {{0.05, 0.05}, {0.95, 0.95}}, new double[] {1, 1}, LO, HI, 0.01);
        Random rng = new Random(3);
        int offDiagonal = 0;
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            double[] x = pe.sample(rng);
            assertThat(x[0]).isBetween(0.0, 1.0);
            assertThat(x[1]).isBetween(0.0, 1.0);
            if ((x[0] < 0.5) != (x[1] < 0.5)) {
                offDiagonal++;
            }
        }
        // independent sampling of the two marginals would put half of the samples off the diagonal
        assertThat(offDiagonal).isLessThan((int) (0.45 * n));
        assertThat(pe.logPdf(new double[] {0.05, 0.05})).isGreaterThan(pe.logPdf(new double[] {0.05, 0.95}) + 1);
    }

    @Test
    void heavierObservationsCarryMoreMass() {
        MultivariateParzenEstimator pe = MultivariateParzenEstimator.fit(
                new double[][] {{0.1, 0.1}, {0.9, 0.9}}, new double[] {4, 1}, LO, HI, 1.0);
        assertThat(pe.logPdf(new double[] {0.1, 0.1})).isGreaterThan(pe.logPdf(new double[] {0.9, 0.9}));
        Random rng = new Random(5);
        int nearFirst = 0;
        for (int i = 0; i < 4_000; i++) {
            if (pe.sample(rng)[0] < 0.5) {
                nearFirst++;
            }
        }
        assertThat(nearFirst).isGreaterThan(2_400);
    }

    @Test
    void aComponentSampledWithAShrunkBandwidthStaysClose() {
        MultivariateParzenEstimator pe = MultivariateParzenEstimator.fit(
                new double[][] {{0.3, 0.6}, {0.9, 0.1}}, new double[] {1, 1}, LO, HI, 1.0);
        Random rng = new Random(9);
        double far = 0;
        for (int i = 0; i < 2_000; i++) {
            double[] x = pe.sampleComponent(0, 0.25, rng);
            far = Math.max(far, Math.abs(x[0] - 0.3) + Math.abs(x[1] - 0.6));
        }
        assertThat(far).isLessThan(0.6);
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThatThrownBy(() -> MultivariateParzenEstimator.fit(new double[][] {{0.1}}, new double[] {1}, LO, HI, 1))
                .hasMessageContaining("dimensions");
        assertThatThrownBy(() -> MultivariateParzenEstimator.fit(new double[][] {{0.1, 0.2}}, new double[] {1, 1},
                LO, HI, 1)).hasMessageContaining("weights");
        assertThatThrownBy(() -> MultivariateParzenEstimator.fit(new double[][] {{0.1, 0.2}}, new double[] {0}, LO,
                HI, 1)).hasMessageContaining("> 0");
    }
}
