package dev.treeline.deployer.endpoint;

import java.util.Objects;

/**
 * A gradient-boosted tree ensemble in flat primitive arrays, evaluated in plain Java with the semantics
 * of XGBoost's CPU predictor: features are float32, NaN is missing (take the node's default child),
 * otherwise go left iff {@code value < split_condition}; the margin starts at the base margin and adds
 * each tree's leaf value in tree order in float arithmetic; then the objective's transform.
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
    }

    private final int numFeatures;
    private final int[] roots;
    /** Left child (global node id), or -1 for a leaf. */
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    /** Split condition of an inner node, leaf value of a leaf (XGBoost stores both in split_conditions). */
    private final float[] value;
    private final boolean[] defaultLeft;
    private final float baseMargin;
    private final Transform transform;
    private final String objective;

    CompiledForest(int numFeatures, int[] roots, int[] left, int[] right, int[] feature, float[] value,
            boolean[] defaultLeft, float baseMargin, Transform transform, String objective) {
        this.numFeatures = numFeatures;
        this.roots = roots;
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.value = value;
        this.defaultLeft = defaultLeft;
        this.baseMargin = baseMargin;
        this.transform = Objects.requireNonNull(transform, "transform");
        this.objective = objective;
    }

    /** The same trees with another base margin / transform (verification tries the candidates). */
    CompiledForest with(float baseMargin, Transform transform) {
        return new CompiledForest(numFeatures, roots, left, right, feature, value, defaultLeft, baseMargin, transform,
                objective);
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

    public float baseMargin() {
        return baseMargin;
    }

    public Transform transform() {
        return transform;
    }

    public String objective() {
        return objective;
    }

    /** Heap bytes of the node arrays (what this evaluator costs in memory, without object headers). */
    public long arrayBytes() {
        return (long) left.length * (4 + 4 + 4 + 4 + 1) + roots.length * 4L;
    }

    /** Score of the row at {@code data[offset .. offset + numFeatures)}. */
    public float predictRow(float[] data, int offset) {
        return transform.apply(margin(data, offset, baseMargin));
    }

    /** Scores {@code rows} rows laid out one after another in {@code data}. */
    public float[] predictRows(float[] data, int rows) {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = predictRow(data, r * numFeatures);
        }
        return out;
    }

    float margin(float[] data, int offset, float base) {
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

    /** Split thresholds per feature (for verification rows that sit exactly on and next to every split). */
    float[][] thresholdsByFeature() {
        int[] counts = new int[numFeatures];
        for (int n = 0; n < left.length; n++) {
            if (left[n] >= 0) {
                counts[feature[n]]++;
            }
        }
        float[][] out = new float[numFeatures][];
        for (int f = 0; f < numFeatures; f++) {
            out[f] = new float[counts[f]];
            counts[f] = 0;
        }
        for (int n = 0; n < left.length; n++) {
            if (left[n] >= 0) {
                out[feature[n]][counts[feature[n]]++] = value[n];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "CompiledForest[" + roots.length + " trees, " + left.length + " nodes, " + numFeatures
                + " features, " + objective + ", base margin " + baseMargin + ", " + transform + "]";
    }
}
