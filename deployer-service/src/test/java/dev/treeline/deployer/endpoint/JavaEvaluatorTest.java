package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The Java evaluator gives XGBoost's own bits ({@code Float.floatToIntBits}) for models trained here with
 * XGBoost4J, on fresh rows with missing values (not the verification rows); models it cannot evaluate keep
 * the Booster and still predict correctly.
 */
class JavaEvaluatorTest {

    private static final int FEATURES = 6;
    private static final ModelKey KEY = new ModelKey("evaluator", 1);

    @ParameterizedTest(name = "{0}, depth {1}, {2} trees, base_score {3}")
    @CsvSource({
            "reg:squarederror, 0, 1, default",
            "reg:squarederror, 1, 1, default",
            "reg:squarederror, 3, 300, default",
            "reg:squarederror, 6, 300, 2.5",
            "reg:squarederror, 8, 1, -1.25",
            "reg:squarederror, 8, 300, default",
            "reg:absoluteerror, 4, 50, default",
            "reg:pseudohubererror, 4, 50, default",
            "binary:logistic, 0, 1, default",
            "binary:logistic, 2, 1, 0.3",
            "binary:logistic, 5, 300, default",
            "binary:logistic, 8, 300, 0.8",
            "binary:logistic, 6, 300, 0.5",
            "reg:logistic, 4, 100, default",
            "binary:logitraw, 4, 100, 0.2",
            "rank:ndcg, 4, 50, default",
            "rank:pairwise, 5, 50, default",
            "rank:map, 3, 50, default",
            "count:poisson, 0, 1, default",
            "count:poisson, 3, 100, default",
            "count:poisson, 6, 300, 0.7",
            "count:poisson, 8, 50, 2.5",
            "reg:gamma, 0, 1, 1.0",
            "reg:gamma, 4, 100, default",
            "reg:gamma, 6, 300, 0.3",
            "reg:tweedie, 2, 1, default",
            "reg:tweedie, 5, 100, default",
            "reg:tweedie, 7, 300, 1.7",
            "binary:hinge, 0, 1, default",
            "binary:hinge, 3, 50, default",
            "binary:hinge, 6, 300, 0.5",
    })
    void javaEvaluatorMatchesXgboostBitForBit(String objective, int depth, int trees, String baseScore)
            throws Exception {
        Map<String, Object> params = new HashMap<>(Map.of("objective", objective, "eta", 0.3, "nthread", 1,
                "seed", 0, "max_depth", Math.max(depth, 1)));
        if (depth == 0) {
            params.put("gamma", 1e9); // no split is worth it: every tree is a single leaf
        }
        if (!baseScore.equals("default")) {
            params.put("base_score", Float.parseFloat(baseScore));
        }
        Booster booster = train(params, trees, objective);
        try {
            LoadedModel model = LoadedModel.load(KEY, booster.toByteArray("ubj"));
            assertThat(model.engine()).as(model.engineDetail()).isEqualTo(Engine.JAVA);
            float[][] rows = rows(99, 2000, 0.15);
            float[] expected = reference(booster, rows);
            assertThat(model.acquire()).isTrue();
            float[] actual;
            try {
                actual = model.predict(rows);
            } finally {
                model.release();
                model.retire();
            }
            for (int i = 0; i < rows.length; i++) {
                assertThat(Float.floatToIntBits(actual[i])).as("row %d: XGBoost %s, Java %s", i, expected[i], actual[i])
                        .isEqualTo(Float.floatToIntBits(expected[i]));
            }
            assertThat(model.isDisposed()).isTrue();
        } finally {
            booster.dispose();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "dart, dart", "gblinear, gblinear" })
    void modelsItCannotEvaluateKeepTheBoosterAndPredictCorrectly(String boosterType, String reason) throws Exception {
        Map<String, Object> params = new HashMap<>(Map.of("objective", "reg:squarederror", "booster", boosterType,
                "eta", 0.3, "nthread", 1, "seed", 0, "max_depth", 4, "rate_drop", 0.3));
        Booster booster = train(params, 20, "reg:squarederror");
        try {
            LoadedModel model = LoadedModel.load(KEY, booster.toByteArray("ubj"));
            assertThat(model.engine()).isEqualTo(Engine.XGBOOST);
            assertThat(model.engineDetail()).contains(reason);
            float[][] rows = rows(5, 50, 0.1);
            assertThat(model.acquire()).isTrue();
            try {
                assertThat(model.predict(rows)).containsExactly(reference(booster, rows));
            } finally {
                model.release();
                model.retire();
            }
            assertThat(model.isDisposed()).isTrue();
        } finally {
            booster.dispose();
        }
    }

    @Test
    void glibcExpfReproductionAgreesWithJavaExpWithinOneUlp() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            float x = (random.nextFloat() - 0.5f) * 200f;
            float exact = (float) Math.exp(x);
            float glibc = FloatMath.expfFma(x);
            assertThat(Math.abs(Float.floatToIntBits(glibc) - Float.floatToIntBits(exact))).as("expf(%s)", x)
                    .isLessThanOrEqualTo(1);
        }
        assertThat(FloatMath.expfFma(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(FloatMath.expfFma(100f)).isInfinite();
        assertThat(FloatMath.expfFma(-200f)).isZero();
        assertThat(FloatMath.expfFma(Float.NaN)).isNaN();
    }

    /**
     * Labels that suit the objective: 0/1 for the binary and logistic objectives and the ranking ones (one query group
     * of 0/1 relevance), counts for count:poisson, positive values for reg:gamma, non-negative ones with zeros for
     * reg:tweedie, the signal itself otherwise.
     */
    /** Verification stays the gate for the log-link objectives: a base margin off by a few ulps keeps the Booster. */
    @Test
    void aPoissonForestWhoseBaseMarginDiffersIsRefusedByVerification() throws Exception {
        Map<String, Object> params = new HashMap<>(Map.of("objective", "count:poisson", "eta", 0.3, "nthread", 1,
                "seed", 0, "max_depth", 4));
        Booster booster = train(params, 20, "count:poisson");
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode model = (com.fasterxml.jackson.databind.node.ObjectNode) json
                    .readTree(booster.toByteArray("json"));
            com.fasterxml.jackson.databind.node.ObjectNode param = (com.fasterxml.jackson.databind.node.ObjectNode) model
                    .path("learner").path("learner_model_param");
            float base = XgboostJsonForest.baseScore(param.get("base_score").asText());
            XgboostJsonForest.Parsed exact = XgboostJsonForest.read(json.writeValueAsBytes(model), FEATURES);
            assertThat(ForestVerifier.verify(booster, exact.candidates()).forest()).isPresent();
            float off = Math.nextUp(Math.nextUp(Math.nextUp(Math.nextUp(base))));
            param.put("base_score", "[" + off + "]");
            XgboostJsonForest.Parsed tampered = XgboostJsonForest.read(json.writeValueAsBytes(model), FEATURES);
            ForestVerifier.Result result = ForestVerifier.verify(booster, tampered.candidates());
            assertThat(result.forest()).isEmpty();
            assertThat(result.detail()).startsWith("differs from XGBoost on row");
        } finally {
            booster.dispose();
        }
    }

    @Test
    void hingeAndExpTransformsFollowXgboostsPredTransform() {
        CompiledForest.Transform hinge = new CompiledForest.Transform.Hinge();
        assertThat(hinge.apply(Float.MIN_VALUE)).isEqualTo(1f);
        assertThat(Float.floatToIntBits(hinge.apply(-0.0f))).isEqualTo(Float.floatToIntBits(0f));
        assertThat(Float.floatToIntBits(hinge.apply(Float.NaN))).isEqualTo(Float.floatToIntBits(0f));
        assertThat(hinge.apply(-3f)).isEqualTo(0f);
        CompiledForest.Transform exp = new CompiledForest.Transform.Exp(FloatMath.Exp.GLIBC_FMA);
        assertThat(exp.apply(0f)).isEqualTo(1f);
        assertThat(exp.apply(1.5f)).isEqualTo(FloatMath.expfFma(1.5f));
        assertThat(exp.apply(100f)).isInfinite(); // no clamp, unlike the sigmoid's 88.7
    }

    private static Booster train(Map<String, Object> params, int rounds, String objective) throws XGBoostError {
        boolean binary = objective.startsWith("binary") || objective.equals("reg:logistic")
                || objective.startsWith("rank:");
        float[][] x = rows(17, 1500, 0.1);
        float[] y = new float[x.length];
        Random random = new Random(4);
        for (int i = 0; i < x.length; i++) {
            float a = Float.isNaN(x[i][0]) ? 0.5f : x[i][0];
            float b = Float.isNaN(x[i][1]) ? 0.1f : x[i][1];
            float c = Float.isNaN(x[i][2]) ? -1f : x[i][2];
            float signal = 3 * a - 2 * b * c + (float) random.nextGaussian() * 0.3f;
            y[i] = binary ? (signal > 0.8f ? 1f : 0f)
                    : objective.equals("count:poisson") ? (float) Math.floor(Math.exp(0.5 * signal))
                    : objective.equals("reg:gamma") ? (float) Math.exp(0.5 * signal)
                    : objective.equals("reg:tweedie") ? (signal > 0.5f ? (float) Math.exp(0.5 * signal) : 0f)
                    : signal;
        }
        DMatrix m = matrix(x);
        try {
            m.setLabel(y);
            return XGBoost.train(m, params, rounds, Map.of(), null, null);
        } finally {
            m.dispose();
        }
    }

    private static float[] reference(Booster booster, float[][] rows) throws XGBoostError {
        DMatrix m = matrix(rows);
        try {
            float[][] raw = booster.predict(m);
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = raw[i][0];
            }
            return out;
        } finally {
            m.dispose();
        }
    }

    /** Values in [-1, 2) with a share of NaN (missing) and some repeated round values that hit thresholds. */
    private static float[][] rows(long seed, int n, double missing) {
        Random random = new Random(seed);
        float[][] rows = new float[n][FEATURES];
        for (float[] row : rows) {
            for (int j = 0; j < FEATURES; j++) {
                double u = random.nextDouble();
                row[j] = u < missing ? Float.NaN
                        : u < missing + 0.1 ? Math.round(random.nextFloat() * 8) / 4f
                        : random.nextFloat() * 3 - 1;
            }
        }
        return rows;
    }

    private static DMatrix matrix(float[][] rows) throws XGBoostError {
        float[] flat = new float[rows.length * FEATURES];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * FEATURES, FEATURES);
        }
        return new DMatrix(flat, rows.length, FEATURES, Float.NaN);
    }
}
