package dev.treeline.deployer.endpoint;

import java.util.Map;
import java.util.Random;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** Tiny deterministic XGBoost models for the endpoint tests (200 rows x 4 features, 10 rounds). */
public final class TestModels {

    public static final int FEATURES = 4;

    /** A trained model, its UBJSON bytes and their SHA-256. */
    public record Trained(Booster booster, byte[] ubj, String sha256) {

        public ResolvedVersion version(int version) {
            return new ResolvedVersion(version, sha256, ubj::clone);
        }

        /** The in-process reference prediction the cache's answers are compared against. */
        public float[] reference(float[][] rows) throws XGBoostError {
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
    }

    private TestModels() {
    }

    /** Different {@code slope}s give different data and therefore different predictions. */
    public static Trained train(long seed, float slope) throws XGBoostError {
        int n = 200;
        Random random = new Random(seed);
        float[][] x = new float[n][FEATURES];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = random.nextFloat();
            }
            y[i] = slope * x[i][0] + 2f * x[i][1] * x[i][2] - x[i][3];
        }
        DMatrix train = matrix(x);
        try {
            train.setLabel(y);
            Map<String, Object> params = Map.of(
                    "objective", "reg:squarederror", "max_depth", 3, "eta", 0.3, "nthread", 1, "seed", 0);
            Booster booster = XGBoost.train(train, params, 10, Map.of(), null, null);
            byte[] ubj = booster.toByteArray("ubj");
            return new Trained(booster, ubj, dev.treeline.support.s3.Sha256Digests.of(ubj));
        } finally {
            train.dispose();
        }
    }

    public static float[][] rows(long seed, int count) {
        Random random = new Random(seed);
        float[][] rows = new float[count][FEATURES];
        for (float[] row : rows) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = random.nextFloat();
            }
        }
        return rows;
    }

    public static DMatrix matrix(float[][] rows) throws XGBoostError {
        float[] flat = new float[rows.length * FEATURES];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * FEATURES, FEATURES);
        }
        return new DMatrix(flat, rows.length, FEATURES, Float.NaN);
    }
}
