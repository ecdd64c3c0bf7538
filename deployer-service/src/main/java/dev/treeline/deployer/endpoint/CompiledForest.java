package dev.treeline.deployer.endpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A gradient-boosted tree ensemble in flat primitive arrays, evaluated in plain Java with the semantics
 * of XGBoost's CPU predictor: features are float32, NaN is missing (take the node's default child),
 * otherwise a numeric split goes left iff {@code value < split_condition} and a categorical split goes right iff
 * the value is one of the node's categories ({@link #categoryGoesLeft}); each output group's margin starts at its
 * base margin and adds the leaves of its trees in tree order in float arithmetic; then the objective's transform
 * (one output, or one per class).
 *
 * <p>All trees share one set of node arrays (node ids are global, {@code roots[t]} is tree t's root), so a
 * prediction walks a few small arrays with no pointer chasing. Immutable and thread-safe; no native memory.
 * Only {@link ForestVerifier} creates servable instances (after bit-exact comparison with the Booster).
 */
public final class CompiledForest {

    /** Turns the summed margin into the served score, as XGBoost's {@code PredTransform} does. */
    public sealed interface Transform {
        float apply(float margin);

        /** reg:squarederror, binary:logitraw, ...: the margin is the prediction. */
        record Identity() implements Transform {
            @Override
            public float apply(float margin) {
                return margin;
            }
        }

        /** binary:logistic, reg:logistic: XGBoost's {@code common::Sigmoid} with the given expf. */
        record Sigmoid(FloatMath.Exp exp) implements Transform {
            @Override
            public float apply(float margin) {
                return FloatMath.sigmoid(margin, exp);
            }
        }

        /** count:poisson, reg:gamma, reg:tweedie: XGBoost's {@code expf(margin)} in float, no clamp. */
        record Exp(FloatMath.Exp exp) implements Transform {
            @Override
            public float apply(float margin) {
                return exp.exp(margin);
            }
        }

        /** binary:hinge: {@code margin > 0.0 ? 1.0 : 0.0} (NaN and -0 give 0). */
        record Hinge() implements Transform {
            @Override
            public float apply(float margin) {
                return margin > 0f ? 1f : 0f;
            }
        }
    }

    /** Turns the K class margins of a row into its outputs, as XGBoost's softmax objective does. */
    public sealed interface ClassTransform {
        /** Outputs per row for {@code classes} classes. */
        int outputs(int classes);

        /** Transforms {@code margins[0, k)} into {@code out[offset, offset + outputs(k))}. */
        void apply(float[] margins, int k, float[] out, int offset);

        /** multi:softprob: XGBoost's {@code common::Softmax} with the given expf. */
        record Softprob(FloatMath.Exp exp) implements ClassTransform {
            @Override
            public int outputs(int classes) {
                return classes;
            }

            @Override
            public void apply(float[] margins, int k, float[] out, int offset) {
                FloatMath.softmax(margins, k, exp, out, offset);
            }
        }

        /** multi:softmax: the class of the highest margin (first on ties), as a float. */
        record ArgMax() implements ClassTransform {
            @Override
            public int outputs(int classes) {
                return 1;
            }

            @Override
            public void apply(float[] margins, int k, float[] out, int offset) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (margins[c] > margins[best]) {
                        best = c; // std::max_element keeps the first of equal values
                    }
                }
                out[offset] = best;
            }
        }
    }

    /** XGBoost's {@code OutOfRangeCat()}: values at or above it (and negative ones) are no category (go left). */
    static final float OUT_OF_RANGE_CATEGORY = 16777216f;

    private final int numFeatures;
    private final int[] roots;
    /** Output group (class) of each tree. */
    private final int[] treeGroup;
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    /** Split condition of an inner node, leaf value of a leaf (XGBoost stores both in split_conditions). */
    private final float[] value;
    private final boolean[] defaultLeft;
    /**
     * Per node, -1 for a numeric split, else the offset in {@link #categoryBits} of its category set: the word
     * count, then the words (bit {@code c & 31} of word {@code c >>> 5} set = category c goes right). Null when the
     * forest has no categorical split (the numeric loop then runs unchanged).
     */
    private final int[] categorySet;
    private final int[] categoryBits;
    private final float[] baseMargins;
    private final Transform transform;
    /** Null for single-output forests. */
    private final ClassTransform classTransform;
    private final String objective;

    CompiledForest(int numFeatures, int[] roots, int[] treeGroup, int[] left, int[] right, int[] feature, float[] value,
            boolean[] defaultLeft, int[] categorySet, int[] categoryBits, float[] baseMargins, Transform transform,
            ClassTransform classTransform, String objective) {
        this.numFeatures = numFeatures;
        this.roots = roots;
        this.treeGroup = treeGroup;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.value = value;
        this.defaultLeft = defaultLeft;
        this.categorySet = categorySet;
        this.categoryBits = categoryBits;
        this.baseMargins = baseMargins;
        this.transform = Objects.requireNonNull(transform, "transform");
        this.classTransform = classTransform;
        this.objective = objective;
        if (classTransform == null && baseMargins.length != 1) {
            throw new IllegalArgumentException(baseMargins.length + " output groups need a class transform");
        }
    }

    /** The same trees with another base margin / transform (verification tries the candidates). */
    CompiledForest with(float baseMargin, Transform transform) {
        return new CompiledForest(numFeatures, roots, treeGroup, left, right, feature, value, defaultLeft, categorySet,
                categoryBits, new float[] {baseMargin}, transform, null, objective);
    }

    /** The same trees with another class transform (verification tries the expf variants). */
    CompiledForest with(ClassTransform classTransform) {
        return new CompiledForest(numFeatures, roots, treeGroup, left, right, feature, value, defaultLeft, categorySet,
                categoryBits, baseMargins, transform, classTransform, objective);
    }

    public int numFeatures() {
        return numFeatures;
    }

    public int numTrees() {
        return roots.length;
    }

    public int numNodes() {
        return left.length;
    }

    /** Output groups: 1, or the number of classes. */
    public int numGroups() {
        return baseMargins.length;
    }

    /** Values per row {@link #predictRows} gives: 1, or one probability per class ({@code multi:softprob}). */
    public int outputsPerRow() {
        return classTransform == null ? 1 : classTransform.outputs(baseMargins.length);
    }

    public boolean hasCategoricalSplits() {
        return categorySet != null;
    }

    public float baseMargin() {
        return baseMargins[0];
    }

    public Transform transform() {
        return transform;
    }

    public ClassTransform classTransform() {
        return classTransform;
    }

    public String objective() {
        return objective;
    }

    /** Heap bytes of the node arrays (what this evaluator costs in memory, without object headers). */
    public long arrayBytes() {
        return (long) left.length * (4 + 4 + 4 + 4 + 1 + (categorySet == null ? 0 : 4)) + roots.length * 8L
                + (categoryBits == null ? 0 : categoryBits.length * 4L);
    }

    /** Score of the row at {@code data[offset .. offset + numFeatures)} (single-output forests). */
    public float predictRow(float[] data, int offset) {
        return transform.apply(margin(data, offset, baseMargins[0]));
    }

    /** Scores {@code rows} rows laid out one after another in {@code data}: {@link #outputsPerRow()} values each. */
    public float[] predictRows(float[] data, int rows) {
        if (classTransform == null) {
            float[] out = new float[rows];
            for (int r = 0; r < rows; r++) {
                out[r] = predictRow(data, r * numFeatures);
            }
            return out;
        }
        int k = baseMargins.length;
        int outputs = classTransform.outputs(k);
        float[] out = new float[rows * outputs];
        float[] margins = new float[k];
        for (int r = 0; r < rows; r++) {
            margins(data, r * numFeatures, margins);
            classTransform.apply(margins, k, out, r * outputs);
        }
        return out;
    }

    float margin(float[] data, int offset, float base) {
        if (categorySet != null) {
            float sum = base;
            for (int root : roots) {
                sum += value[leaf(data, offset, root)];
            }
            return sum;
        }
        float sum = base;
        final int[] left = this.left;
        final int[] right = this.right;
        final int[] feature = this.feature;
        final float[] value = this.value;
        for (int root : roots) {
            int node = root;
            int l;
            while ((l = left[node]) >= 0) {
                float v = data[offset + feature[node]];
                float split = value[node];
                if (v < split) {
                    node = l;
                } else if (v >= split) {
                    node = right[node];
                } else { // NaN: missing
                    node = defaultLeft[node] ? l : right[node];
                }
            }
            sum += value[node];
        }
        return sum;
    }

    /** Each group's margin of one row into {@code out[0, numGroups)}. */
    void margins(float[] data, int offset, float[] out) {
        System.arraycopy(baseMargins, 0, out, 0, baseMargins.length);
        for (int t = 0; t < roots.length; t++) {
            out[treeGroup[t]] += value[leaf(data, offset, roots[t])];
        }
    }

    /** The leaf the row reaches from {@code node} (numeric and categorical splits). */
    private int leaf(float[] data, int offset, int node) {
        final int[] left = this.left;
        final int[] right = this.right;
        final int[] feature = this.feature;
        final float[] value = this.value;
        final int[] categorySet = this.categorySet;
        int l;
        while ((l = left[node]) >= 0) {
            float v = data[offset + feature[node]];
            int set = categorySet == null ? -1 : categorySet[node];
            if (set < 0) { // numeric: the same comparisons as margin()
                float split = value[node];
                if (v < split) {
                    node = l;
                } else if (v >= split) {
                    node = right[node];
                } else { // NaN: missing
                    node = defaultLeft[node] ? l : right[node];
                }
            } else if (v != v) { // missing
                node = defaultLeft[node] ? l : right[node];
            } else {
                node = categoryGoesLeft(categoryBits, set, v) ? l : right[node];
            }
        }
        return node;
    }

    /**
     * XGBoost's {@code common::Decision}: a negative value or one at/above {@code OutOfRangeCat()} goes left; else the
     * value is truncated to an integer category, which goes right iff it is in the node's set (categories beyond the
     * set's words are not in it).
     */
    static boolean categoryGoesLeft(int[] bits, int set, float v) {
        if (v < 0f || v >= OUT_OF_RANGE_CATEGORY) {
            return true;
        }
        int c = (int) v;
        int word = c >>> 5;
        if (word >= bits[set]) {
            return true;
        }
        return (bits[set + 1 + word] & (1 << (c & 31))) == 0;
    }

    /** Split thresholds per feature (for verification rows that sit exactly on and next to every split). */
    float[][] thresholdsByFeature() {
        int[] counts = new int[numFeatures];
        for (int n = 0; n < left.length; n++) {
            if (left[n] >= 0 && !isCategorical(n)) {
                counts[feature[n]]++;
            }
        }
        float[][] out = new float[numFeatures][];
        for (int f = 0; f < numFeatures; f++) {
            out[f] = new float[counts[f]];
            counts[f] = 0;
        }
        for (int n = 0; n < left.length; n++) {
            if (left[n] >= 0 && !isCategorical(n)) {
                out[feature[n]][counts[feature[n]]++] = value[n];
            }
        }
        return out;
    }

    /** Per feature, the highest category any categorical split lists; -1 for features without categorical splits. */
    int[] highestCategoryByFeature() {
        int[] highest = new int[numFeatures];
        Arrays.fill(highest, -1);
        for (int n = 0; n < left.length; n++) {
            if (left[n] >= 0 && isCategorical(n)) {
                int set = categorySet[n];
                for (int w = categoryBits[set] - 1; w >= 0; w--) {
                    int bits = categoryBits[set + 1 + w];
                    if (bits != 0) {
                        highest[feature[n]] = Math.max(highest[feature[n]], w * 32 + 31 - Integer.numberOfLeadingZeros(bits));
                        break;
                    }
                }
            }
        }
        return highest;
    }

    private boolean isCategorical(int node) {
        return categorySet != null && categorySet[node] >= 0;
    }

    @Override
    public String toString() {
        return "CompiledForest[" + roots.length + " trees, " + left.length + " nodes, " + numFeatures
                + " features, " + objective + ", " + (baseMargins.length == 1 ? "base margin " + baseMargins[0]
                        : baseMargins.length + " classes, " + classTransform) + ", " + transform
                + (categorySet != null ? ", categorical splits" : "") + "]";
    }
}
