package dev.treeline.registry.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricComparisonTest {

    @Test
    void lossMetricsAreWorseWhenLarger() {
        assertThat(MetricComparison.higherIsBetter("rmse")).isFalse();
        assertThat(MetricComparison.higherIsBetter("validation:logloss")).isFalse();
        assertThat(MetricComparison.degradationPercent(11, 10, false)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(MetricComparison.degradationPercent(9, 10, false)).isCloseTo(-10.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void scoreMetricsAreWorseWhenSmaller() {
        assertThat(MetricComparison.higherIsBetter("auc")).isTrue();
        assertThat(MetricComparison.higherIsBetter("test:ndcg@5")).isTrue();
        assertThat(MetricComparison.degradationPercent(0.8, 0.9, true)).isCloseTo(11.111, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void zeroBaselineMakesAnyWorseningInfinite() {
        assertThat(MetricComparison.degradationPercent(0.1, 0, false)).isInfinite();
        assertThat(MetricComparison.degradationPercent(0, 0, false)).isZero();
    }

    @Test
    void reasonStatesTheComparison() {
        assertThat(MetricComparison.rejection("rmse", 12.0, 3, 10.0, false, 5)).contains(
                "gate: test rmse 12.0 is 20.00% worse than approved version 3's 10.0 (lower is better; at most 5.00% allowed)");
        assertThat(MetricComparison.rejection("rmse", 10.4, 3, 10.0, false, 5)).isEmpty();
    }
}
