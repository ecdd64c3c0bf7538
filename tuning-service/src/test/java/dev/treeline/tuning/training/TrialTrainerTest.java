package dev.treeline.tuning.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.treeline.tuning.search.Configuration;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;

class TrialTrainerTest {

    @TempDir
    Path dir;

    private static Configuration config(double eta, int depth, int rounds) {
        Map<String, Object> v = new HashMap<>();
        v.put("eta", eta);
        v.put("max_depth", depth);
        v.put("num_round", rounds);
        return Configuration.of(v);
    }

    @Test
    void earlyStoppingEndsTrainingBeforeTheCapAndReportsTheBestRound() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.regressionCsv(1500, 1, 0), 3);
        CsvMatrix val = SyntheticData.matrix(dir, "v.csv", SyntheticData.regressionCsv(400, 2, 0), 3);
        try (TrialTrainer trainer = new TrialTrainer(train, val, "reg:squarederror", 1, 10, 7, 1)) {
            TrialOutcome outcome = trainer.train(config(0.5, 6, 2000));
            assertThat(trainer.metric()).isEqualTo(EvalMetric.RMSE);
            assertThat(outcome.roundsTrained()).isLessThan(2000);
            assertThat(outcome.roundsTrained()).isEqualTo(outcome.bestIteration() + 1 + 10);
            // noise sd is 0.1 and the signal is learnable: a decent model lands well under the label sd (~1)
            assertThat(outcome.validationScore()).isBetween(0.05, 0.4);
        }
    }

    @Test
    void theFinalModelScoresTheValidationSplitAsTheTrialDidAtItsBestRound() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.regressionCsv(1000, 3, 0), 3);
        CsvMatrix val = SyntheticData.matrix(dir, "v.csv", SyntheticData.regressionCsv(300, 4, 0), 3);
        try (TrialTrainer trainer = new TrialTrainer(train, val, "reg:squarederror", 1, 5, 11, 1)) {
            Configuration c = config(0.3, 4, 300);
            TrialOutcome outcome = trainer.train(c);
            Booster model = trainer.trainFinal(c, outcome.bestIteration() + 1);
            DMatrix dval = new DMatrix(val.features(), val.rows(), val.columns(), Float.NaN);
            float[][] pred = model.predict(dval);
            float[] flat = new float[val.rows()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = pred[i][0];
            }
            double rmse = TestMetrics.regression(val.labels(), flat).get("rmse");
            assertThat(model.getNumBoostedRound()).isEqualTo(outcome.bestIteration() + 1);
            assertThat(rmse).isCloseTo(outcome.validationScore(), org.assertj.core.api.Assertions.within(1e-4));
            dval.dispose();
            model.dispose();
        }
    }

    @Test
    void aFinalModelRetrainedWithAnotherJobsSeedIsThatJobsModelToTheByte() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.regressionCsv(800, 3, 0), 3);
        CsvMatrix val = SyntheticData.matrix(dir, "v.csv", SyntheticData.regressionCsv(200, 4, 0), 3);
        Map<String, Object> v = new HashMap<>(config(0.3, 4, 40).values());
        v.put("subsample", 0.6); // row sampling: the seed shapes the trees
        Configuration c = Configuration.of(v);
        try (TrialTrainer parent = new TrialTrainer(train, val, "reg:squarederror", 1, 5, 11, 1);
             TrialTrainer child = new TrialTrainer(train, val, "reg:squarederror", 1, 5, 99, 1)) {
            byte[] parentModel = ubj(parent.trainFinal(c, 40));
            assertThat(ubj(child.trainFinal(c, 40, 11))).isEqualTo(parentModel);
            assertThat(ubj(child.trainFinal(c, 40))).isNotEqualTo(parentModel);
        }
    }

    private static byte[] ubj(Booster model) throws Exception {
        try {
            return model.toByteArray("ubj");
        } finally {
            model.dispose();
        }
    }

    @Test
    void binaryObjectiveIsScoredByLogloss() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.binaryCsv(800, 5), 2);
        CsvMatrix val = SyntheticData.matrix(dir, "v.csv", SyntheticData.binaryCsv(300, 6), 2);
        try (TrialTrainer trainer = new TrialTrainer(train, val, "binary:logistic", 1, 5, 1, 1)) {
            TrialOutcome outcome = trainer.train(config(0.3, 3, 200));
            assertThat(trainer.metric()).isEqualTo(EvalMetric.LOGLOSS);
            // a useful classifier beats the coin-flip loss ln 2 = 0.693
            assertThat(outcome.validationScore()).isLessThan(0.4);
        }
    }

    @Test
    void anInvalidCombinationFailsWithXgboostsReasonWithoutTheNativeTrace() throws Exception {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.regressionCsv(200, 1, 0), 3);
        CsvMatrix val = SyntheticData.matrix(dir, "v.csv", SyntheticData.regressionCsv(50, 2, 0), 3);
        try (TrialTrainer trainer = new TrialTrainer(train, val, "reg:squarederror", 1, 5, 1, 1)) {
            Map<String, Object> v = new HashMap<>(config(0.3, 0, 10).values());
            v.put("tree_method", "exact"); // exact does not support unlimited depth (max_depth 0)
            assertThatThrownBy(() -> trainer.train(Configuration.of(v)))
                    .isInstanceOf(TrainingFailedException.class)
                    .hasMessageContaining("exact tree method doesn't support unlimited depth")
                    .hasMessageNotContaining("Stack trace");
        }
    }

    @Test
    void aMissingNumRoundFailsTheTrial() throws IOException {
        CsvMatrix train = SyntheticData.matrix(dir, "t.csv", SyntheticData.regressionCsv(20, 1, 0), 3);
        try (TrialTrainer trainer = new TrialTrainer(train, train, "reg:squarederror", 1, 5, 1, 1)) {
            assertThatThrownBy(() -> trainer.train(Configuration.of(Map.of("eta", 0.3))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("num_round");
        }
    }

    @Test
    void xgboostVersionComesFromTheJar() {
        assertThat(XgboostVersion.get()).isEqualTo("3.4.0");
    }
}
