package dev.treeline.tuning.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ParzenEstimatorTest {

    @Test
    void bandwidthsAreNeighbourGapsClippedToTheMinimumWithAWidePrior() {
        ParzenEstimator pe = ParzenEstimator.fit(new double[] {9, 1.5, 1}, 0, 10, 1.0);
        // sorted centres: 1, 1.5, prior 5, 9; min bandwidth = 10 / min(100, 1 + 4) = 2
        assertThat(pe.components()).isEqualTo(4);
        assertThat(new double[] {pe.mu(0), pe.mu(1), pe.mu(2), pe.mu(3)}).containsExactly(1, 1.5, 5, 9);
        assertThat(pe.sigma(0)).isEqualTo(2.0);  // gap 0.5 raised to the minimum
        assertThat(pe.sigma(1)).isEqualTo(3.5);  // larger of gaps 0.5 and 3.5
        assertThat(pe.sigma(2)).isEqualTo(10.0); // prior covers the whole range
        assertThat(pe.sigma(3)).isEqualTo(4.0);  // only neighbour is the prior centre
    }

    @Test
    void truncatedDensityIntegratesToOneOverTheRange() {
        ParzenEstimator pe = ParzenEstimator.fit(new double[] {0.1, 0.15, 0.9}, 0, 1, 1.0);
        int steps = 20_000;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double w = (i == 0 || i == steps) ? 0.5 : 1.0;
            sum += w * Math.exp(pe.logPdf((double) i / steps));
        }
        assertThat(sum / steps).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void densityIsHigherNearObservationsThanFarFromThem() {
        ParzenEstimator pe = ParzenEstimator.fit(new double[] {0.1, 0.12, 0.14, 0.16}, 0, 1, 1.0);
        assertThat(pe.logPdf(0.13)).isGreaterThan(pe.logPdf(0.8) + 1.0);
    }

    @Test
    void samplesStayInsideTheRange() {
        ParzenEstimator pe = ParzenEstimator.fit(new double[] {0.0, 1.0}, 0, 1, 1.0);
        Random rng = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            assertThat(pe.sample(rng)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void withoutObservationsOnlyThePriorRemains() {
        ParzenEstimator pe = ParzenEstimator.fit(new double[0], 2, 4, 1.0);
        assertThat(pe.components()).isEqualTo(1);
        assertThat(pe.mu(0)).isEqualTo(3.0);
        assertThat(pe.sigma(0)).isEqualTo(2.0);
    }

    @Test
    void normalCdfMatchesTabulatedValues() {
        assertThat(ParzenEstimator.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(ParzenEstimator.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(ParzenEstimator.normalCdf(-1)).isCloseTo(0.158655, within(1e-6));
    }
}
