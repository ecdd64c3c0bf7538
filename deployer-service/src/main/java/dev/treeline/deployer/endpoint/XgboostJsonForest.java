package dev.treeline.deployer.endpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads XGBoost's JSON model ({@code Booster.toByteArray("json")}) into a {@link CompiledForest}: gbtree
 * with numeric splits and one output, and an objective whose transform is known. Anything else is an
 * {@link Unsupported} with the reason, and the model keeps being served by the native Booster.
 *
 * <p>Numbers are read as exact decimals and converted once to float ({@code Float.parseFloat} of the text
 * XGBoost wrote), never through double, so every threshold and leaf is the float XGBoost holds.
 */
public final class XgboostJsonForest {

    /** The model cannot be evaluated in Java; the message says why. */
    public static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * Trees plus the candidate (base margin, transform) pairs, most likely first. Candidates exist because
     * the base margin of logistic objectives is {@code -logf(1/p - 1)} and the sigmoid calls {@code expf}:
     * C's libm may round those one ulp differently from Java, so verification keeps the pair that gives
     * the Booster's bits.
     */
    public record Parsed(CompiledForest trees, List<CompiledForest> candidates) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Objectives whose prediction is the margin and whose base_score is already a margin. */
    private static final Set<String> IDENTITY = Set.of("reg:squarederror", "reg:linear", "reg:squaredlogerror",
            "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror", "binary:logitraw");
    /** Objectives whose base_score is a probability (margin = logit) and whose prediction is the sigmoid. */
    private static final Set<String> LOGISTIC = Set.of("binary:logistic", "reg:logistic");

    private XgboostJsonForest() {
    }

    public static Parsed read(byte[] json, int numFeatures) throws Unsupported {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new Unsupported("model JSON could not be read: " + e.getMessage());
        }
        JsonNode learner = root.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText();
        if (!"gbtree".equals(boosterName)) {
            throw new Unsupported("booster '" + boosterName + "' (only gbtree is evaluated in Java)");
        }
        JsonNode params = learner.path("learner_model_param");
        if (intParam(params, "num_class", 0) > 1) {
            throw new Unsupported("multi-class model (num_class " + params.path("num_class").asText() + ")");
        }
        if (intParam(params, "num_target", 1) > 1) {
            throw new Unsupported("multi-output model (num_target " + params.path("num_target").asText() + ")");
        }
        String objective = learner.path("objective").path("name").asText();
        boolean identity = IDENTITY.contains(objective);
        if (!identity && !LOGISTIC.contains(objective)) {
            throw new Unsupported("objective '" + objective + "' has no Java transform");
        }
        float baseScore = baseScore(params.path("base_score").asText());

        JsonNode model = booster.path("model");
        for (JsonNode weight : model.path("weight_drop")) {
            if (exactFloat(weight) != 1.0f) {
                throw new Unsupported("dart (dropout weights on trees)");
            }
        }
        JsonNode trees = model.path("trees");
        for (JsonNode info : model.path("tree_info")) {
            if (info.asInt() != 0) {
                throw new Unsupported("trees for more than one output group");
            }
        }
        int totalNodes = 0;
        for (JsonNode tree : trees) {
            JsonNode treeParam = tree.path("tree_param");
            if (intParam(treeParam, "size_leaf_vector", 1) > 1) {
                throw new Unsupported("vector-leaf (multi-target) trees");
            }
            totalNodes += tree.path("left_children").size();
        }
        int[] roots = new int[trees.size()];
        int[] left = new int[totalNodes];
        int[] right = new int[totalNodes];
        int[] feature = new int[totalNodes];
        float[] value = new float[totalNodes];
        boolean[] defaultLeft = new boolean[totalNodes];
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            JsonNode lc = tree.path("left_children");
            JsonNode rc = tree.path("right_children");
            JsonNode si = tree.path("split_indices");
            JsonNode sc = tree.path("split_conditions");
            JsonNode dl = tree.path("default_left");
            JsonNode st = tree.path("split_type");
            int n = lc.size();
            if (n == 0 || rc.size() != n || si.size() != n || sc.size() != n || dl.size() != n) {
                throw new Unsupported("tree " + t + " has inconsistent node arrays");
            }
            if (tree.path("categories").size() > 0) {
                throw new Unsupported("categorical splits (tree " + t + ")");
            }
            roots[t] = offset;
            for (int i = 0; i < n; i++) {
                int g = offset + i;
                int l = lc.get(i).asInt();
                value[g] = exactFloat(sc.get(i));
                if (l < 0) {
                    left[g] = -1;
                    continue;
                }
                int r = rc.get(i).asInt();
                if (l >= n || r < 0 || r >= n) {
                    throw new Unsupported("tree " + t + " node " + i + " has children outside the tree");
                }
                if (st.size() == n && st.get(i).asInt() != 0) {
                    throw new Unsupported("categorical splits (tree " + t + ")");
                }
                int f = si.get(i).asInt();
                if (f < 0 || f >= numFeatures) {
                    throw new Unsupported("tree " + t + " splits on feature " + f + " of " + numFeatures);
                }
                left[g] = offset + l;
                right[g] = offset + r;
                feature[g] = f;
                defaultLeft[g] = dl.get(i).isBoolean() ? dl.get(i).asBoolean() : dl.get(i).asInt() != 0;
            }
            offset += n;
        }
        CompiledForest forest = new CompiledForest(numFeatures, roots, left, right, feature, value, defaultLeft,
                baseScore, new CompiledForest.Transform.Identity(), objective);
        List<CompiledForest> candidates = new ArrayList<>();
        if (identity) {
            candidates.add(forest);
        } else {
            List<CompiledForest.Transform> transforms = new ArrayList<>();
            for (FloatMath.Exp exp : FloatMath.Exp.values()) {
                transforms.add(new CompiledForest.Transform.Sigmoid(exp));
            }
            // XGBoost: ProbToMargin(p) = -logf(1.0f / p - 1.0f), in float.
            float inner = 1.0f / baseScore - 1.0f;
            float margin = (float) -Math.log(inner);
            for (float base : new float[] { margin, Math.nextUp(margin), Math.nextDown(margin) }) {
                for (CompiledForest.Transform transform : transforms) {
                    candidates.add(forest.with(base, transform));
                }
            }
        }
        return new Parsed(forest, candidates);
    }

    /** XGBoost 3 writes base_score as a vector string, "[5E-1]"; older versions as "5E-1". */
    static float baseScore(String text) throws Unsupported {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        if (s.isEmpty() || s.contains(",")) {
            throw new Unsupported("base_score '" + text + "' is not one number");
        }
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new Unsupported("base_score '" + text + "' is not a number");
        }
    }

    private static float exactFloat(JsonNode node) throws Unsupported {
        if (!node.isNumber()) {
            throw new Unsupported("non-numeric split condition " + node);
        }
        return node.isBigDecimal() ? node.decimalValue().floatValue() : Float.parseFloat(node.asText());
    }

    private static int intParam(JsonNode params, String name, int absent) {
        JsonNode v = params.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return absent;
        }
        try {
            return Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // unreadable: treat as unsupported
        }
    }
}
