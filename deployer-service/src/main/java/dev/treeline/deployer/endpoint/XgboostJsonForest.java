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
 * with numeric and categorical splits, one output or one group per class ({@code multi:softprob},
 * {@code multi:softmax}), and an objective whose transform is known. Anything else is an
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
     * the base margin of logistic objectives is {@code -logf(1/p - 1)} (of log-link ones {@code logf(p)}) and
     * the sigmoid (the exponential) calls {@code expf}:
     * C's libm may round those one ulp differently from Java, so verification keeps the pair that gives
     * the Booster's bits.
     */
    public record Parsed(CompiledForest trees, List<CompiledForest> candidates) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Objectives whose prediction is the margin and whose base_score is already a margin. */
    private static final Set<String> IDENTITY = Set.of("reg:squarederror", "reg:linear", "reg:squaredlogerror",
            "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror", "binary:logitraw", "rank:ndcg",
            "rank:pairwise", "rank:map");
    /** Objectives whose base_score is a probability (margin = logit) and whose prediction is the sigmoid. */
    private static final Set<String> LOGISTIC = Set.of("binary:logistic", "reg:logistic");
    /** Objectives with a log link: base margin {@code logf(base_score)}, prediction {@code expf(margin)}. */
    private static final Set<String> LOG_LINK = Set.of("count:poisson", "reg:gamma", "reg:tweedie");
    /** Prediction {@code margin > 0 ? 1 : 0}; base_score is already a margin (ProbToMargin is the identity). */
    private static final String HINGE = "binary:hinge";
    /** Objectives with one output group per class. */
    private static final Set<String> MULTI_CLASS = Set.of("multi:softprob", "multi:softmax");

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
        int numClass = intParam(params, "num_class", 0);
        if (intParam(params, "num_target", 1) > 1) {
            throw new Unsupported("multi-output model (num_target " + params.path("num_target").asText() + ")");
        }
        String objective = learner.path("objective").path("name").asText();
        boolean identity = IDENTITY.contains(objective);
        boolean multiClass = MULTI_CLASS.contains(objective);
        if (numClass > 1 && !multiClass) {
            throw new Unsupported("objective '" + objective + "' with num_class " + numClass);
        }
        boolean logLink = LOG_LINK.contains(objective);
        if (!identity && !multiClass && !logLink && !HINGE.equals(objective) && !LOGISTIC.contains(objective)) {
            throw new Unsupported("objective '" + objective + "' has no Java transform");
        }
        int groups = multiClass ? numClass : 1;
        if (groups < 1) {
            throw new Unsupported("objective '" + objective + "' without num_class");
        }
        float[] baseScores = baseScores(params.path("base_score").asText(), groups);

        JsonNode model = booster.path("model");
        for (JsonNode weight : model.path("weight_drop")) {
            if (exactFloat(weight) != 1.0f) {
                throw new Unsupported("dart (dropout weights on trees)");
            }
        }
        if (model.path("cats").path("enc").size() > 0) {
            // XGBoost then re-codes category values of typed input itself; plain float rows never carry them
            throw new Unsupported("the model stores a category encoder (trained from typed categorical columns)");
        }
        JsonNode trees = model.path("trees");
        JsonNode treeInfo = model.path("tree_info");
        if (treeInfo.size() != trees.size()) {
            throw new Unsupported("tree_info lists " + treeInfo.size() + " groups for " + trees.size() + " trees");
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
        int[] treeGroup = new int[trees.size()];
        int[] left = new int[totalNodes];
        int[] right = new int[totalNodes];
        int[] feature = new int[totalNodes];
        float[] value = new float[totalNodes];
        boolean[] defaultLeft = new boolean[totalNodes];
        int[] categorySet = new int[totalNodes];
        java.util.Arrays.fill(categorySet, -1);
        IntList categoryBits = new IntList();
        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            int group = treeInfo.get(t).asInt(-1);
            if (group < 0 || group >= groups) {
                throw new Unsupported("tree " + t + " belongs to output group " + treeInfo.get(t) + " of " + groups);
            }
            treeGroup[t] = group;
            JsonNode lc = tree.path("left_children");
            JsonNode rc = tree.path("right_children");
            JsonNode si = tree.path("split_indices");
            JsonNode sc = tree.path("split_conditions");
            JsonNode dl = tree.path("default_left");
            JsonNode st = tree.path("split_type");
            int n = lc.size();
            if (n == 0 || rc.size() != n || si.size() != n || sc.size() != n || dl.size() != n
                    || (st.size() != 0 && st.size() != n)) {
                throw new Unsupported("tree " + t + " has inconsistent node arrays");
            }
            CategorySets sets = new CategorySets(tree, t);
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
                int type = st.size() == n ? st.get(i).asInt() : 0;
                if (type == 1) {
                    categorySet[g] = sets.append(i, categoryBits);
                } else if (type != 0) {
                    throw new Unsupported("tree " + t + " node " + i + " has split type " + type);
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
            sets.requireAllUsed();
            offset += n;
        }
        boolean categorical = categoryBits.size() > 0;
        CompiledForest forest = new CompiledForest(numFeatures, roots, treeGroup, left, right, feature, value,
                defaultLeft, categorical ? categorySet : null, categorical ? categoryBits.toArray() : null, baseScores,
                new CompiledForest.Transform.Identity(),
                multiClass ? new CompiledForest.ClassTransform.ArgMax() : null, objective);
        List<CompiledForest> candidates = new ArrayList<>();
        if (identity) {
            candidates.add(forest);
        } else if (HINGE.equals(objective)) {
            // XGBoost (src/objective/hinge.cu): PredTransform is p > 0.0 ? 1.0 : 0.0; no ProbToMargin override
            candidates.add(forest.with(baseScores[0], new CompiledForest.Transform.Hinge()));
        } else if (logLink) {
            // XGBoost 3.4 (src/objective/regression_obj.cu, regression_loss.h): ProbToMargin is std::log(float),
            // i.e. logf(base_score), and PredTransform expf(margin), both in float, without any clamp
            // (max_delta_step only enters Poisson's hessian). logf may round one ulp away from Math.log.
            float margin = (float) Math.log(baseScores[0]);
            for (float base : new float[] { margin, Math.nextUp(margin), Math.nextDown(margin) }) {
                for (FloatMath.Exp exp : FloatMath.Exp.values()) {
                    candidates.add(forest.with(base, new CompiledForest.Transform.Exp(exp)));
                }
            }
        } else if (multiClass) {
            // softmax objectives take base_score as margins already (their ProbToMargin is the identity)
            if (objective.equals("multi:softmax")) {
                candidates.add(forest);
            } else {
                for (FloatMath.Exp exp : FloatMath.Exp.values()) {
                    candidates.add(forest.with(new CompiledForest.ClassTransform.Softprob(exp)));
                }
            }
        } else {
            List<CompiledForest.Transform> transforms = new ArrayList<>();
            for (FloatMath.Exp exp : FloatMath.Exp.values()) {
                transforms.add(new CompiledForest.Transform.Sigmoid(exp));
            }
            // XGBoost: ProbToMargin(p) = -logf(1.0f / p - 1.0f), in float.
            float baseScore = baseScores[0];
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

    /**
     * A tree's categorical splits as XGBoost writes them: {@code categories_nodes} (the categorical nodes, ascending),
     * and for the k-th of them the categories {@code categories[categories_segments[k] ..+ categories_sizes[k])}
     * that go right. Turned into bitsets as XGBoost's {@code LoadCategoricalSplit} does (words for categories
     * 0..max).
     */
    private static final class CategorySets {
        private final int tree;
        private final JsonNode nodes;
        private final JsonNode segments;
        private final JsonNode sizes;
        private final JsonNode categories;
        private int next;

        CategorySets(JsonNode tree, int t) throws Unsupported {
            this.tree = t;
            this.nodes = tree.path("categories_nodes");
            this.segments = tree.path("categories_segments");
            this.sizes = tree.path("categories_sizes");
            this.categories = tree.path("categories");
            if (segments.size() != nodes.size() || sizes.size() != nodes.size()) {
                throw new Unsupported("tree " + t + " has inconsistent category arrays");
            }
        }

        /** Appends node {@code i}'s set to {@code bits} (word count, then words); returns its offset. */
        int append(int i, IntList bits) throws Unsupported {
            if (next >= nodes.size() || nodes.get(next).asInt() != i) {
                throw new Unsupported("tree " + tree + " node " + i + " is categorical but has no categories");
            }
            long begin = segments.get(next).asLong();
            long size = sizes.get(next).asLong();
            next++;
            if (size <= 0 || begin < 0 || begin + size > categories.size()) {
                throw new Unsupported("tree " + tree + " node " + i + " has categories outside the list");
            }
            int max = -1;
            for (long j = begin; j < begin + size; j++) {
                JsonNode c = categories.get((int) j);
                if (!c.canConvertToInt() || c.asInt() < 0 || c.asInt() >= CompiledForest.OUT_OF_RANGE_CATEGORY) {
                    throw new Unsupported("tree " + tree + " node " + i + " lists category " + c);
                }
                max = Math.max(max, c.asInt());
            }
            int words = (max + 1 + 31) / 32;
            int offset = bits.size();
            bits.add(words);
            for (int w = 0; w < words; w++) {
                bits.add(0);
            }
            for (long j = begin; j < begin + size; j++) {
                int c = categories.get((int) j).asInt();
                bits.or(offset + 1 + (c >>> 5), 1 << (c & 31));
            }
            return offset;
        }

        void requireAllUsed() throws Unsupported {
            if (next != nodes.size()) {
                throw new Unsupported("tree " + tree + " lists categories for nodes that are no categorical splits");
            }
        }
    }

    /** A growable int array (category bitsets of the whole forest). */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void or(int index, int bits) {
            values[index] |= bits;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** base_score as {@code groups} numbers: one, or (multi-class, XGBoost 3.1+) one margin per class. */
    static float[] baseScores(String text, int groups) throws Unsupported {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        String[] parts = s.split(",");
        if (groups == 1) {
            return new float[] {baseScore(text)};
        }
        float[] out = new float[groups];
        if (parts.length == 1) { // models before 3.1: one intercept for every class
            java.util.Arrays.fill(out, baseScore(text));
            return out;
        }
        if (parts.length != groups) {
            throw new Unsupported("base_score '" + text + "' does not have " + groups + " values");
        }
        for (int k = 0; k < groups; k++) {
            out[k] = baseScore(parts[k]);
        }
        return out;
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
