package dev.treeline.deployer.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.treeline.events.DatasetSchema;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Categorical test models trained in-process as the tuning service trains them: a DMatrix with feature names and
 * feature types ({@code c}/{@code q}), {@code tree_method=hist}, and the dataset schema as the Booster attribute
 * {@value DatasetSchema#BOOSTER_ATTRIBUTE}. 20 features, 5 of them categorical (3, 6, 12, 40 and 5 categories: the
 * 40-category one needs two bitset words per split), label with 5 text classes.
 */
public final class CategoricalModels {

    public static final int FEATURES = 20;
    /** Positions of the categorical features and their category counts. */
    public static final int[] CATEGORICAL = {1, 4, 8, 13, 17};
    public static final int[] CARDINALITY = {3, 6, 12, 40, 5};
    public static final List<String> CLASSES = List.of("billing", "bug", "feature", "outage", "other");

    /** A trained model with its schema and UBJSON bytes. */
    public record Trained(Booster booster, DatasetSchema schema, byte[] ubj) {
    }

    private CategoricalModels() {
    }

    public static String featureName(int f) {
        return "f" + f;
    }

    /** Category value of code {@code c} of the categorical feature at position {@code f}. */
    public static String category(int f, int c) {
        return "v" + f + "_" + c;
    }

    public static DatasetSchema schema(List<String> classes) {
        List<DatasetSchema.Feature> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            int k = categoricalIndex(f);
            if (k < 0) {
                features.add(DatasetSchema.Feature.numeric(featureName(f)));
            } else {
                List<String> values = new ArrayList<>();
                for (int c = 0; c < CARDINALITY[k]; c++) {
                    values.add(category(f, c));
                }
                features.add(DatasetSchema.Feature.categorical(featureName(f), values));
            }
        }
        return new DatasetSchema(DatasetSchema.VERSION, features, new DatasetSchema.Label("reason", classes), null,
                null);
    }

    public static int categoricalIndex(int f) {
        for (int k = 0; k < CATEGORICAL.length; k++) {
            if (CATEGORICAL[k] == f) {
                return k;
            }
        }
        return -1;
    }

    /** Rows of codes and numbers (NaN = missing, {@code missing} of the cells). */
    public static float[] rows(long seed, int n, double missing) {
        Random random = new Random(seed);
        float[] x = new float[n * FEATURES];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < FEATURES; f++) {
                int k = categoricalIndex(f);
                float v = k < 0 ? (float) random.nextGaussian() : random.nextInt(CARDINALITY[k]);
                x[i * FEATURES + f] = random.nextDouble() < missing ? Float.NaN : v;
            }
        }
        return x;
    }

    /** A 5-class model ({@code multi:softprob} unless another objective is given). */
    public static Trained multiClass(String objective, int rounds) throws XGBoostError {
        int n = 800;
        float[] x = rows(17, n, 0.05);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float s = nz(x[i * FEATURES]) + 0.5f * nz(x[i * FEATURES + 2]);
            int c13 = code(x[i * FEATURES + 13]);
            int c8 = code(x[i * FEATURES + 8]);
            int cls = (c13 % 5 + (c8 > 6 ? 1 : 0) + (s > 0.5f ? 2 : 0)) % 5;
            if (code(x[i * FEATURES + 1]) == 2) {
                cls = 4;
            }
            y[i] = cls;
        }
        Map<String, Object> params = new HashMap<>(Map.of("objective", objective, "num_class", CLASSES.size(),
                "tree_method", "hist", "max_depth", 4, "eta", 0.3, "nthread", 1, "seed", 0, "max_cat_to_onehot", 4));
        return train(x, y, n, params, rounds, schema(CLASSES));
    }

    /** A binary:logistic model with label classes {@code stayed} (0) and {@code churned} (1). */
    public static Trained binary(int rounds) throws XGBoostError {
        return binary(rounds, "binary:logistic");
    }

    /** A binary model of {@code objective} with label classes {@code stayed} (0) and {@code churned} (1). */
    public static Trained binary(int rounds, String objective) throws XGBoostError {
        int n = 600;
        float[] x = rows(23, n, 0.05);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (code(x[i * FEATURES + 4]) % 2 == 0) ^ (nz(x[i * FEATURES]) > 0.3f) ? 1 : 0;
        }
        Map<String, Object> params = new HashMap<>(Map.of("objective", objective, "tree_method", "hist",
                "max_depth", 3, "eta", 0.3, "nthread", 1, "seed", 0));
        return train(x, y, n, params, rounds, schema(List.of("stayed", "churned")));
    }

    private static Trained train(float[] x, float[] y, int n, Map<String, Object> params, int rounds,
            DatasetSchema schema) throws XGBoostError {
        DMatrix train = new DMatrix(x, n, FEATURES, Float.NaN);
        try {
            train.setLabel(y);
            train.setFeatureNames(schema.featureNames().toArray(String[]::new));
            train.setFeatureTypes(schema.xgboostFeatureTypes());
            Booster booster = XGBoost.train(train, params, rounds, Map.of(), null, null);
            booster.setAttr(DatasetSchema.BOOSTER_ATTRIBUTE, new String(schema.toJson(),
                    java.nio.charset.StandardCharsets.UTF_8));
            return new Trained(booster, schema, booster.toByteArray("ubj"));
        } finally {
            train.dispose();
        }
    }

    private static float nz(float v) {
        return v != v ? 0f : v;
    }

    private static int code(float v) {
        return v != v ? 0 : (int) v;
    }
}
