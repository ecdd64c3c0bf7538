package dev.treeline.deployer.endpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Decides at load time whether a {@link CompiledForest} may serve a model: it must give the Booster's
 * exact bits ({@code Float.floatToIntBits}) on rows built to exercise every split.
 *
 * <p>Rows (seeded, so a load is reproducible): for each feature, every split threshold, the float just
 * below and just above it, and NaN (missing) are dealt round-robin into rows, shuffled per feature so
 * values meet in different combinations; for a feature with categorical splits also every category code up to one
 * past the highest a split lists, and negative, fractional, huge and out-of-range values ({@link #categoryProbes});
 * plus random rows spread over each feature's threshold range or codes (10% missing). Features no tree splits on
 * get random values. Every output of every row must match (one per class for {@code multi:softprob}).
 */
public final class ForestVerifier {

    /** Round-robin rows are capped so a huge ensemble cannot make loading slow; the rest are sampled. */
    static final int MAX_THRESHOLD_ROWS = 2048;
    static final int RANDOM_ROWS = 256;
    private static final long SEED = 0x7e11e5L;

    /** Outcome: the verified forest, or why the Booster keeps serving. */
    public record Result(Optional<CompiledForest> forest, int rows, String detail) {
    }

    private ForestVerifier() {
    }

    public static Result verify(Booster booster, List<CompiledForest> candidates) throws XGBoostError {
        if (candidates.isEmpty()) {
            return new Result(Optional.empty(), 0, "no candidate evaluator");
        }
        int width = candidates.get(0).numFeatures();
        float[] rows = probeRows(candidates.get(0), width);
        int n = rows.length / Math.max(1, width);
        float[][] expected = booster.inplace_predict(rows, n, width, Float.NaN);
        String firstMismatch = null;
        for (CompiledForest candidate : candidates) {
            float[] actual = candidate.predictRows(rows, n);
            int outputs = candidate.outputsPerRow();
            int mismatch = firstMismatch(actual, outputs, n, expected);
            if (mismatch < 0) {
                return new Result(Optional.of(candidate), n, "bit-exact on " + n + " rows");
            }
            if (firstMismatch == null) {
                firstMismatch = "row " + mismatch + " " + Arrays.toString(Arrays.copyOfRange(rows, mismatch * width,
                        (mismatch + 1) * width)) + ": XGBoost " + Arrays.toString(expected[mismatch]) + ", Java "
                        + Arrays.toString(Arrays.copyOfRange(actual, mismatch * outputs, (mismatch + 1) * outputs));
            }
        }
        return new Result(Optional.empty(), n, "differs from XGBoost on " + firstMismatch);
    }

    private static int firstMismatch(float[] actual, int outputs, int n, float[][] expected) {
        for (int r = 0; r < n; r++) {
            if (expected[r].length != outputs) {
                return r;
            }
            for (int k = 0; k < outputs; k++) {
                if (Float.floatToIntBits(expected[r][k]) != Float.floatToIntBits(actual[r * outputs + k])) {
                    return r;
                }
            }
        }
        return -1;
    }

    /**
     * Values a categorical split can meet: every category up to one past the highest listed (an unseen code), and the
     * inputs XGBoost's {@code Decision} treats specially: negative, fractional, beyond the set's words, at and just
     * below {@code OutOfRangeCat()}, and missing.
     */
    static float[] categoryProbes(int highest) {
        int codes = highest + 2;
        float[] v = new float[codes + 10];
        for (int c = 0; c < codes; c++) {
            v[c] = c;
        }
        float[] special = {-1f, -0.0f, -0.5f, 0.5f, highest + 0.75f, 1000f, 16777215f,
            CompiledForest.OUT_OF_RANGE_CATEGORY, 3e9f, Float.NaN};
        System.arraycopy(special, 0, v, codes, special.length);
        return v;
    }

    /** Verification rows, flat (row after row). */
    static float[] probeRows(CompiledForest forest, int width) {
        SplittableRandom random = new SplittableRandom(SEED);
        float[][] thresholds = forest.thresholdsByFeature();
        int[] highestCategory = forest.highestCategoryByFeature();
        float[][] values = new float[width][];
        float[] low = new float[width];
        float[] high = new float[width];
        int longest = 1;
        for (int f = 0; f < width; f++) {
            float[] t = distinctSorted(thresholds[f]);
            float[] categories = highestCategory[f] < 0 ? new float[0] : categoryProbes(highestCategory[f]);
            if (t.length == 0 && categories.length == 0) {
                values[f] = new float[0];
                low[f] = 0f;
                high[f] = 1f;
                continue;
            }
            float[] v = new float[t.length * 3 + 1 + categories.length];
            for (int i = 0; i < t.length; i++) {
                v[3 * i] = t[i];
                v[3 * i + 1] = Math.nextDown(t[i]);
                v[3 * i + 2] = Math.nextUp(t[i]);
            }
            v[3 * t.length] = Float.NaN;
            System.arraycopy(categories, 0, v, 3 * t.length + 1, categories.length);
            shuffle(v, random);
            values[f] = v;
            if (t.length == 0) { // categorical only: random codes, one past the highest included
                low[f] = 0f;
                high[f] = highestCategory[f] + 2;
            } else {
                float span = Math.max(t[t.length - 1] - t[0], 1e-3f);
                low[f] = t[0] - span * 0.1f;
                high[f] = t[t.length - 1] + span * 0.1f;
            }
            longest = Math.max(longest, v.length);
        }
        int thresholdRows = Math.min(longest, MAX_THRESHOLD_ROWS);
        int n = thresholdRows + RANDOM_ROWS;
        float[] rows = new float[n * width];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < width; f++) {
                float x;
                if (r < thresholdRows && values[f].length > 0) {
                    // Past the cap, pick at random so every threshold still has a chance across loads of the row set.
                    x = longest <= MAX_THRESHOLD_ROWS ? values[f][r % values[f].length]
                            : values[f][random.nextInt(values[f].length)];
                } else if (random.nextInt(10) == 0) {
                    x = Float.NaN;
                } else if (highestCategory[f] >= 0 && thresholds[f].length == 0) {
                    x = random.nextInt((int) high[f]);
                } else {
                    x = low[f] + (float) random.nextDouble() * (high[f] - low[f]);
                }
                rows[r * width + f] = x;
            }
        }
        return rows;
    }

    private static float[] distinctSorted(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        int size = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (size == 0 || Float.compare(sorted[size - 1], sorted[i]) != 0) {
                sorted[size++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, size);
    }

    private static void shuffle(float[] v, SplittableRandom random) {
        for (int i = v.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float tmp = v[i];
            v[i] = v[j];
            v[j] = tmp;
        }
    }
}
