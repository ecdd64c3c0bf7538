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

    @Test
    void mapeLeavesOutRowsWithLabelZeroAndCountsThem() {
        // rows with label != 0: |2-1|/1 = 1, |1-2|/2 = 0.5, |4-4|/4 = 0 -> 1.5 / 3 = 0.5; the label-0 row is skipped
        Map<String, Double> m = TestMetrics.regression(new float[] {1, 2, 0, 4}, new float[] {2, 1, 5, 4});
        assertThat(m.get("mape")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("mape_skipped_rows")).isEqualTo(1.0);
    }

    @Test
    void binaryAveragePrecisionAndConfusionCountsEqualHandComputedValues() {
        // scores high to low: 0.9 (pos) P 1/1, recall +0.5; 0.6 (neg); 0.4 (pos) P 2/3, recall +0.5; 0.2 (neg)
        // AP = 0.5 * 1 + 0.5 * 2/3 = 5/6 (sklearn average_precision_score); at 0.5: tp 0.9, fp 0.6, fn 0.4, tn 0.2
        Map<String, Double> m = TestMetrics.binary(new float[] {1, 0, 1, 0}, new float[] {0.9f, 0.2f, 0.4f, 0.6f});
        assertThat(m.get("aucpr")).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.get("precision")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("recall")).isCloseTo(0.5, within(1e-12));
        assertThat(m).containsEntry("tn", 1.0).containsEntry("fp", 1.0).containsEntry("fn", 1.0)
                .containsEntry("tp", 1.0);
    }

    @Test
    void logitrawMarginsAreEvaluatedAsTheirSigmoidProbabilities() {
        float[] labels = {1, 0, 1, 0};
        float[] p = {0.9f, 0.2f, 0.4f, 0.6f};
        float[][] margins = new float[4][1];
        for (int i = 0; i < 4; i++) {
            margins[i][0] = (float) Math.log(p[i] / (1 - p[i]));
        }
        Map<String, Double> m = TestMetrics.compute("binary:logitraw", Map.of(), labels, margins);
        Map<String, Double> expected = TestMetrics.binary(labels, p);
        assertThat(m.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(m.get(k)).as(k).isCloseTo(v, within(1e-6)));
    }

    @Test
    void hingeClassesHaveNoProbabilityMetrics() {
        // predicted 1,0,0,1 against 1,0,1,0: accuracy 2/4, tp 1, fp 1, fn 1, tn 1
        Map<String, Double> m = TestMetrics.compute("binary:hinge", Map.of(), new float[] {1, 0, 1, 0},
                new float[][] {{1}, {0}, {0}, {1}});
        assertThat(m).doesNotContainKeys("logloss", "auc", "aucpr");
        assertThat(m.get("accuracy")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("f1")).isCloseTo(0.5, within(1e-12));
        assertThat(m).containsEntry("tp", 1.0).containsEntry("tn", 1.0);
    }

    @Test
    void multiClassMetricsEqualHandComputedValues() {
        // labels 0,1,2,2; most probable 0,1,1,2 -> accuracy 3/4
        // mlogloss = -(ln .7 + ln .8 + ln .3 + ln .8) / 4
        // class 0: P 1/1 R 1/1 F1 1; class 1: P 1/2 R 1/1 F1 2/3; class 2: P 1/1 R 1/2 F1 2/3 -> macro F1 7/9
        float[][] probabilities = {{.7f, .2f, .1f}, {.1f, .8f, .1f}, {.2f, .5f, .3f}, {.1f, .1f, .8f}};
        Map<String, Double> m = TestMetrics.compute("multi:softprob", Map.of(), new float[] {0, 1, 2, 2},
                probabilities);
        double mlogloss = -(Math.log(.7f) + Math.log(.8f) + Math.log(.3f) + Math.log(.8f)) / 4;
        assertThat(m.get("mlogloss")).isCloseTo(mlogloss, within(1e-9));
        assertThat(m.get("accuracy")).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("macro_f1")).isCloseTo(7.0 / 9, within(1e-12));
        assertThat(m.get("precision[1]")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("recall[2]")).isCloseTo(0.5, within(1e-12));
        assertThat(m).containsEntry("confusion[2][1]", 1.0).containsEntry("confusion[2][2]", 1.0)
                .containsEntry("confusion[1][2]", 0.0).containsEntry("confusion[0][0]", 1.0);
    }

    @Test
    void softmaxClassesHaveNoMlogloss() {
        Map<String, Double> m = TestMetrics.compute("multi:softmax", Map.of(), new float[] {0, 1, 2, 2},
                new float[][] {{0}, {1}, {1}, {2}});
        assertThat(m).doesNotContainKey("mlogloss");
        assertThat(m.get("macro_f1")).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void poissonDevianceEqualsHandComputedValue() {
        // sklearn mean_poisson_deviance: 2 (y ln(y/mu) - y + mu), y ln(y/mu) = 0 for y = 0
        // (0, .5): 1; (1, 1): 0; (2, 4): 2 (2 ln .5 - 2 + 4)
        Map<String, Double> m = TestMetrics.compute("count:poisson", Map.of(), new float[] {0, 1, 2},
                new float[][] {{.5f}, {1}, {4}});
        double expected = (1 + 0 + 2 * (2 * Math.log(0.5) + 2)) / 3;
        assertThat(m.get("poisson_deviance")).isCloseTo(expected, within(1e-7));
        assertThat(m).containsKeys("mae", "rmse");
    }

    @Test
    void gammaDevianceEqualsHandComputedValue() {
        // sklearn mean_gamma_deviance: 2 (ln(mu/y) + y/mu - 1): (1, 2): 2 (ln 2 - 0.5); (2, 2): 0
        Map<String, Double> m = TestMetrics.compute("reg:gamma", Map.of(), new float[] {1, 2},
                new float[][] {{2}, {2}});
        assertThat(m.get("gamma_deviance")).isCloseTo((2 * (Math.log(2) - 0.5)) / 2, within(1e-9));
    }

    @Test
    void tweedieDevianceUsesTheTrainedPower() {
        // sklearn mean_tweedie_deviance, p = 1.5, y 1, mu 2:
        // 2 (y^0.5 / (-0.5 * 0.5) - y mu^-0.5 / -0.5 + mu^0.5 / 0.5) = 2 (-4 + 2 / sqrt 2 + 2 sqrt 2)
        Map<String, Double> m = TestMetrics.compute("reg:tweedie", Map.of(), new float[] {1}, new float[][] {{2}});
        assertThat(m.get("tweedie_deviance"))
                .isCloseTo(2 * (-4 + 2 / Math.sqrt(2) + 2 * Math.sqrt(2)), within(1e-9));
        // power 2 is the gamma deviance, power 1 the Poisson deviance
        assertThat(TestMetrics.compute("reg:tweedie", Map.of("tweedie_variance_power", 1.0), new float[] {2},
                new float[][] {{4}}).get("tweedie_deviance")).isCloseTo(2 * (2 * Math.log(0.5) + 2), within(1e-9));
    }

    @Test
    void weightedRegressionMetricsAreWeightedMeans() {
        // labels 1,2,3 predictions 2,2,5, weights 1,2,1 (total 4): errors 1, 0, 2
        // MAE (1 + 0 + 2) / 4 = 0.75; MSE (1 + 0 + 4) / 4 = 1.25; weighted mean error (1 + 0 + 2) / 4 = 0.75,
        // variance (1 (0.25)^2 + 2 (0.75)^2 + 1 (1.25)^2) / 4 = (0.0625 + 1.125 + 1.5625) / 4 = 0.6875;
        // weighted label mean (1 + 4 + 3) / 4 = 2, total SS 1 + 0 + 1 = 2, R^2 = 1 - 5/2 = -1.5;
        // MAPE (1 * 1/1 + 2 * 0 + 1 * 2/3) / 4 = 5/12
        Map<String, Double> m = TestMetrics.regression(new float[] {1, 2, 3}, new float[] {2, 2, 5},
                new float[] {1, 2, 1});
        assertThat(m.get("mae")).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("rmse")).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(m.get("error_std")).isCloseTo(Math.sqrt(0.6875), within(1e-12));
        assertThat(m.get("r2")).isCloseTo(-1.5, within(1e-12));
        assertThat(m.get("mape")).isCloseTo(5.0 / 12, within(1e-12));
        // weights of 1 are the unweighted metrics
        assertThat(TestMetrics.regression(new float[] {1, 2, 3}, new float[] {2, 2, 5}, new float[] {1, 1, 1}))
                .isEqualTo(TestMetrics.regression(new float[] {1, 2, 3}, new float[] {2, 2, 5}));
    }

    @Test
    void weightedBinaryMetricsWeighTheLossTheCurvesAndTheConfusionCounts() {
        // labels 1,0,1,0, p 0.9,0.2,0.4,0.6, weights 2,1,1,3 (total 7)
        // logloss = -(2 ln .9 + ln .8 + ln .4 + 3 ln .4) / 7
        // AUC: positive weight 3, negative 4; pairs (pos, neg) weighted: (0.9: w2) beats 0.2 (w1) and 0.6 (w3) -> 2*4;
        // (0.4: w1) beats 0.2 (w1) -> 1; total 9 of 3*4 = 12 -> 0.75
        // AP: 0.9 (w2 pos): recall 2/3, precision 1; 0.6 (neg); 0.4 (w1 pos): recall +1/3, precision 3/6 -> 2/3 + 1/6
        // at 0.5: tp 2 (0.9), fp 3 (0.6), fn 1 (0.4), tn 1 (0.2): accuracy 3/7, precision 2/5, recall 2/3,
        // F1 2*2 / (2*2 + 3 + 1) = 0.5
        float[] labels = {1, 0, 1, 0};
        float[] p = {0.9f, 0.2f, 0.4f, 0.6f};
        Map<String, Double> m = TestMetrics.binary(labels, p, new float[] {2, 1, 1, 3});
        double logloss = -(2 * Math.log(0.9f) + Math.log(1 - (double) 0.2f) + Math.log(0.4f)
                + 3 * Math.log(1 - (double) 0.6f)) / 7;
        assertThat(m.get("logloss")).isCloseTo(logloss, within(1e-9));
        assertThat(m.get("auc")).isCloseTo(0.75, within(1e-12));
        assertThat(m.get("aucpr")).isCloseTo(2.0 / 3 + 1.0 / 6, within(1e-12));
        assertThat(m.get("accuracy")).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(m.get("precision")).isCloseTo(0.4, within(1e-12));
        assertThat(m.get("recall")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.get("f1")).isCloseTo(0.5, within(1e-12));
        assertThat(m).containsEntry("tp", 2.0).containsEntry("fp", 3.0).containsEntry("fn", 1.0)
                .containsEntry("tn", 1.0);
    }

    @Test
    void weightedMultiClassMetricsCountWeights() {
        // labels 0,1,2,2 predicted 0,2,2,1 (argmax), weights 1,2,3,4 (total 10): correct 1 + 3 = 4 -> accuracy 0.4
        // class 2: tp 3, predicted 2+3 = 5, actual 3+4 = 7 -> precision 0.6, recall 3/7
        // mlogloss = -(ln .8 + 2 ln .2 + 3 ln .7 + 4 ln .3) / 10
        float[][] p = {{0.8f, 0.1f, 0.1f}, {0.1f, 0.2f, 0.7f}, {0.1f, 0.2f, 0.7f}, {0.1f, 0.6f, 0.3f}};
        Map<String, Double> m = TestMetrics.compute("multi:softprob", Map.of(), new float[] {0, 1, 2, 2},
                new float[] {1, 2, 3, 4}, null, p);
        assertThat(m.get("accuracy")).isCloseTo(0.4, within(1e-12));
        assertThat(m.get("precision[2]")).isCloseTo(0.6, within(1e-12));
        assertThat(m.get("recall[2]")).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(m.get("confusion[2][1]")).isEqualTo(4.0);
        double mlogloss = -(Math.log(0.8f) + 2 * Math.log(0.2f) + 3 * Math.log(0.7f) + 4 * Math.log(0.3f)) / 10;
        assertThat(m.get("mlogloss")).isCloseTo(mlogloss, within(1e-9));
    }

    @Test
    void rankingMetricsOverGroupsEqualHandComputedValues() {
        // group A (3 rows): relevance 3, 0, 1 with scores 0.1, 0.9, 0.5 -> order by score: 0 (rel 0), 1 (rel 1),
        //   3 (rel 3). DCG@2 = (2^0-1)/log2 2 + (2^1-1)/log2 3 = 1/log2(3); ideal 3,1: 7/1 + 1/log2(3)
        //   DCG@all = 1/log2 3 + 7/log2 4 = 1/log2(3) + 3.5; ideal = 7 + 1/log2(3) + 0
        //   MAP (relevant = rel > 0): positions 2 and 3 relevant: (1/2 + 2/3) / 2 = 7/12; MAP@2: (1/2) / min(2, 2)
        // group B (2 rows): no relevant row -> NDCG 1 and MAP 1 (XGBoost's ndcg and map)
        float[] labels = {3, 0, 1, 0, 0};
        float[] scores = {0.1f, 0.9f, 0.5f, 0.3f, 0.2f};
        int[] groups = {3, 2};
        double l3 = Math.log(3) / Math.log(2);
        double ndcg2A = (1 / l3) / (7 + 1 / l3);
        double ndcgA = (1 / l3 + 3.5) / (7 + 1 / l3);
        assertThat(RankingMetrics.ndcg(labels, scores, groups, null, 2)).isCloseTo((ndcg2A + 1) / 2, within(1e-12));
        assertThat(RankingMetrics.ndcg(labels, scores, groups, null, Integer.MAX_VALUE))
                .isCloseTo((ndcgA + 1) / 2, within(1e-12));
        assertThat(RankingMetrics.map(labels, scores, groups, null, Integer.MAX_VALUE))
                .isCloseTo((7.0 / 12 + 1) / 2, within(1e-12));
        assertThat(RankingMetrics.map(labels, scores, groups, null, 2)).isCloseTo((0.25 + 1) / 2, within(1e-12));
        // group weights 3 and 1: (3 * 7/12 + 1) / 4
        assertThat(RankingMetrics.map(labels, scores, groups, new float[] {3, 1}, Integer.MAX_VALUE))
                .isCloseTo((3 * 7.0 / 12 + 1) / 4, within(1e-12));
        // the test metrics: 5, 10, the whole list, and the objective metric's cut-off (2)
        Map<String, Double> m = TestMetrics.compute("rank:ndcg", Map.of("eval_metric", "ndcg@2"), labels, null,
                groups, new float[][] {{0.1f}, {0.9f}, {0.5f}, {0.3f}, {0.2f}});
        assertThat(m).containsOnlyKeys("ndcg", "ndcg@2", "ndcg@5", "ndcg@10", "map", "map@2", "map@5", "map@10",
                "groups");
        assertThat(m.get("ndcg@2")).isCloseTo((ndcg2A + 1) / 2, within(1e-12));
        assertThat(m.get("ndcg@5")).isCloseTo((ndcgA + 1) / 2, within(1e-12));
    }
}
