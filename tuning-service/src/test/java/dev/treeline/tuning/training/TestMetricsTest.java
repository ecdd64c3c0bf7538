package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Expected values worked out by hand (shown in the comments) on tiny fixed sets. */
class TestMetricsTest {

    @Test
    void regressionMetricsEqualHandComputedValues() {
        // errors (pred - label): 1, -1, 2, 0 -> MAE 4/4 = 1, MSE 6/4 = 1.5, mean error 0.5,
        // population variance ((0.5)^2 + (1.5)^2 + (1.5)^2 + (0.5)^2) / 4 = 5/4, label mean 2.5,
        // total sum of squares 2.25 + 0.25 + 0.25 + 2.25 = 5, R^2 = 1 - 6/5 = -0.2
        Map<String, Double> m = TestMetrics.regression(new float[] {1, 2, 3, 4}, new float[] {2, 1, 5, 4});
        assertThat(m.get("mae")).isCloseTo(1.0, within(1e-12));
        assertThat(m.get("rmse")).isCloseTo(Math.sqrt(1.5), within(1e-12));
        assertThat(m.get("error_std")).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(m.get("r2")).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void binaryMetricsEqualHandComputedValues() {
        // labels 1,0,1,0 with p 0.9,0.2,0.4,0.6:
        // logloss = -(ln .9 + ln .8 + ln .4 + ln .4) / 4
        // predicted at 0.5: 1,0,0,1 -> correct 2/4; tp 1, fp 1, fn 1 -> F1 = 2/(2+1+1) = 0.5
        // AUC: positive scores {0.9, 0.4}, negative {0.2, 0.6}; pairs won: (0.9>0.2),(0.9>0.6),(0.4>0.2) = 3/4
        Map<String, Double> m = TestMetrics.binary(new float[] {1, 0, 1, 0}, new float[] {0.9f, 0.2f, 0.4f, 0.6f});
        double logloss = -(Math.log(0.9f) + Math.log(1 - (double) 0.2f) + Math.log(0.4f) + Math.log(1 - (double) 0.6f)) / 4;
        assertThat(m.get("logloss")).isCloseTo(logloss, within(1e-9));
        assertThat(m.get("auc")).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("accuracy")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("f1")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void tiedScoresShareTheirRankInAuc() {
        // one positive and one negative at the same score: half a win
        assertThat(TestMetrics.auc(new float[] {1, 0}, new float[] {0.5f, 0.5f})).isCloseTo(0.5, within(1e-12));
        // positives 0.8, 0.5; negatives 0.5, 0.1 -> wins 1 + 1 + 0.5 + 1 = 3.5 of 4
        assertThat(TestMetrics.auc(new float[] {1, 1, 0, 0}, new float[] {0.8f, 0.5f, 0.5f, 0.1f}))
                .isCloseTo(0.875, within(1e-12));
    }
}
