package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/** A multi:softprob model answers one probability per class for every row, exactly as XGBoost does (Java engine). */
class MultiClassModelTest {

    static final int CLASSES = 3;

    static byte[] softprob(Booster[] keep) throws Exception {
        int n = 300;
        Random random = new Random(3);
        float[][] x = TestModels.rows(5, n);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float score = x[i][0] + x[i][1] - x[i][2] + 0.1f * (float) random.nextGaussian();
            y[i] = score < 0.3f ? 0 : score < 0.8f ? 1 : 2;
        }
        DMatrix train = TestModels.matrix(x);
        try {
            train.setLabel(y);
            Booster booster = XGBoost.train(train, Map.of("objective", "multi:softprob", "num_class", CLASSES,
                    "max_depth", 3, "eta", 0.3, "nthread", 1, "seed", 0), 8, Map.of(), null, null);
            keep[0] = booster;
            return booster.toByteArray("ubj");
        } finally {
            train.dispose();
        }
    }

    @Test
    void everyRowGetsOneProbabilityPerClassEqualToXgboosts() throws Exception {
        Booster[] reference = new Booster[1];
        byte[] ubj = softprob(reference);
        float[][] rows = TestModels.rows(11, 4);
        DMatrix matrix = TestModels.matrix(rows);
        float[][] expected = reference[0].predict(matrix);
        matrix.dispose();
        reference[0].dispose();

        LoadedModel model = LoadedModel.load(new ModelKey("tickets", 1), ubj);
        assertThat(model.acquire()).isTrue();
        try {
            float[] scores = model.predict(rows);

            assertThat(scores).hasSize(rows.length * CLASSES);
            for (int r = 0; r < rows.length; r++) {
                float sum = 0;
                for (int k = 0; k < CLASSES; k++) {
                    assertThat(Float.floatToIntBits(scores[r * CLASSES + k])).as("row %d class %d", r, k)
                            .isEqualTo(Float.floatToIntBits(expected[r][k]));
                    sum += scores[r * CLASSES + k];
                }
                assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            }
            // XGBoost's softmax reproduced (fmaxf, expf in float, the sum in double): the Java evaluator serves it
            assertThat(model.engine()).as(model.engineDetail()).isEqualTo(Engine.JAVA);
            assertThat(model.engineDetail()).contains("multi:softprob");
        } finally {
            model.release();
            model.retire();
        }
    }
}
