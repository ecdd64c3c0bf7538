package dev.treeline.bench.invocation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.treeline.events.DatasetSchema;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * The benchmark's categorical multi-class model, made the way the tuning service makes one: 20 features of which 5
 * are categorical (feature type {@code c}, hist), 5 text classes, {@code multi:softprob}, and the dataset schema
 * (category dictionaries and class names) embedded as the Booster attribute the deployer reads. Requests carry the
 * raw category strings; the reference server, which has no dictionary, gets the same rows as codes.
 */
final class CategoricalModel {

    static final int FEATURES = 20;
    static final int[] CATEGORICAL = {3, 7, 11, 15, 19};
    static final List<String> CLASSES = List.of("billing", "outage", "login", "shipping", "other");

    final Booster booster;
    final DatasetSchema schema;
    final byte[] ubj;

    private CategoricalModel(Booster booster, DatasetSchema schema, byte[] ubj) {
        this.booster = booster;
        this.schema = schema;
        this.ubj = ubj;
    }

    static boolean categorical(int feature) {
        for (int c : CATEGORICAL) {
            if (c == feature) {
                return true;
            }
        }
        return false;
    }

    /** Categories of feature {@code f}: 4 to 12 values, named after the feature. */
    static List<String> categories(int f) {
        List<String> values = new ArrayList<>();
        for (int k = 0; k < 4 + 2 * (f % 5); k++) {
            values.add("f" + f + "_" + (char) ('a' + k));
        }
        return values;
    }

    static CategoricalModel train(long seed, int rounds, int n) throws Exception {
        float[][] x = codes(seed, n);
        float[] y = new float[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            // the categories' effect is not monotonic in their codes, so native categorical splits matter
            double s = x[i][0] * 2 - x[i][1] + ((int) x[i][3] % 3 == 1 ? 1.5 : 0) + ((int) x[i][7] % 2) * 0.8
                    - ((int) x[i][11] == 2 ? 1.2 : 0) + random.nextGaussian() * 0.4;
            y[i] = s < -0.3 ? 0 : s < 0.4 ? 1 : s < 1.1 ? 2 : s < 1.8 ? 3 : 4;
        }
        List<DatasetSchema.Feature> features = new ArrayList<>();
        String[] types = new String[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            features.add(categorical(f) ? DatasetSchema.Feature.categorical("x" + f, categories(f))
                    : DatasetSchema.Feature.numeric("x" + f));
        }
        DatasetSchema schema = new DatasetSchema(DatasetSchema.VERSION, features,
                new DatasetSchema.Label("reason", CLASSES), null, null);
        DMatrix m = new DMatrix(InvocationBench.flat(x), n, FEATURES, Float.NaN);
        m.setLabel(y);
        m.setFeatureTypes(schema.xgboostFeatureTypes());
        m.setFeatureNames(schema.featureNames().toArray(String[]::new));
        Map<String, Object> params = new HashMap<>(Map.of("objective", "multi:softprob", "num_class", CLASSES.size(),
                "tree_method", "hist", "max_depth", 6, "eta", 0.1, "nthread", 1, "seed", 0));
        Booster booster = XGBoost.train(m, params, rounds, Map.of(), null, null);
        m.dispose();
        booster.setAttr(DatasetSchema.BOOSTER_ATTRIBUTE, new String(schema.toJson(), StandardCharsets.UTF_8));
        return new CategoricalModel(booster, schema, booster.toByteArray("ubj"));
    }

    /** Rows as codes: numeric features uniform in [0, 1), categorical ones a code of their dictionary. */
    static float[][] codes(long seed, int n) {
        Random random = new Random(seed);
        float[][] x = new float[n][FEATURES];
        for (float[] row : x) {
            for (int f = 0; f < FEATURES; f++) {
                row[f] = categorical(f) ? random.nextInt(categories(f).size()) : random.nextFloat();
            }
        }
        return x;
    }

    /** The rows as users send them: the category strings at categorical positions. */
    static String rawCsv(float[][] rows) {
        return csv(rows, true);
    }

    /** The rows as codes, for the reference server (which has no dictionary). */
    static String codesCsv(float[][] rows) {
        return csv(rows, false);
    }

    private static String csv(float[][] rows, boolean raw) {
        StringBuilder sb = new StringBuilder();
        for (float[] row : rows) {
            for (int f = 0; f < FEATURES; f++) {
                sb.append(f > 0 ? "," : "");
                if (!categorical(f)) {
                    sb.append(row[f]);
                } else if (raw) {
                    sb.append(categories(f).get((int) row[f]));
                } else {
                    sb.append((int) row[f]);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The probabilities XGBoost4J gives, as the deployer's CSV answer writes them (one line per row). */
    String expectedCsv(float[][] rows) throws Exception {
        DMatrix m = new DMatrix(InvocationBench.flat(rows), rows.length, FEATURES, Float.NaN);
        float[][] p = booster.predict(m);
        m.dispose();
        StringBuilder sb = new StringBuilder();
        for (float[] row : p) {
            for (int k = 0; k < row.length; k++) {
                sb.append(k > 0 ? "," : "").append(row[k]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The model for Debian's XGBoost 1.7, which reads base_score as one number: XGBoost 3 keeps one per class, so
     * each class's base score is folded into the leaves of that class's first tree and base_score becomes 0
     * (softprob's margin is the raw sum). The sums then round differently in the last bits, which is why the
     * reference is compared within a tolerance.
     */
    String forXgboost17() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(booster.toByteArray("json"));
        ObjectNode params = (ObjectNode) root.path("learner").path("learner_model_param");
        String text = params.path("base_score").asText().replace("[", "").replace("]", "");
        String[] perClass = text.split(",");
        params.put("base_score", "0");
        JsonNode model = root.path("learner").path("gradient_booster").path("model");
        ArrayNode trees = (ArrayNode) model.path("trees");
        JsonNode treeInfo = model.path("tree_info");
        boolean[] done = new boolean[perClass.length];
        for (int t = 0; t < trees.size(); t++) {
            int k = treeInfo.get(t).asInt();
            if (done[k]) {
                continue;
            }
            done[k] = true;
            float base = Float.parseFloat(perClass.length == 1 ? perClass[0] : perClass[k]);
            ObjectNode tree = (ObjectNode) trees.get(t);
            ArrayNode left = (ArrayNode) tree.path("left_children");
            ArrayNode conditions = (ArrayNode) tree.path("split_conditions");
            ArrayNode weights = (ArrayNode) tree.path("base_weights");
            for (int node = 0; node < left.size(); node++) {
                if (left.get(node).asInt() == -1) {
                    conditions.set(node, conditions.get(node).floatValue() + base);
                    weights.set(node, weights.get(node).floatValue() + base);
                }
            }
        }
        return mapper.writeValueAsString(root);
    }
}
