package dev.treeline.tuning.training;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ranking metrics over query groups with XGBoost's definitions (its {@code ndcg@k} and {@code map@k} metrics, so the
 * test split's numbers compare with the validation metric a job was tuned by):
 * <ul>
 *   <li>NDCG@k: DCG of the group's first k rows in prediction order (stable: ties keep the split's order), gain
 *       {@code 2^rel - 1} ({@code ndcg_exp_gain}, XGBoost's default), discount {@code log2(position + 1)}, divided by
 *       the DCG of the ideal order; a group without a relevant row (ideal DCG 0) counts as 1, as XGBoost's
 *       {@code ndcg} does (its {@code ndcg-} variant would count 0).</li>
 *   <li>MAP@k: a row is relevant when its label is &gt; 0; AP@k = the sum over relevant rows among the first k of
 *       (relevant rows so far / position), divided by min(relevant rows in the group, k); a group without a relevant
 *       row counts as 1 (XGBoost's {@code map}).</li>
 * </ul>
 * The split's value is the mean over groups, weighted by the group weights when given. Without a cut-off
 * ({@code ndcg}, {@code map}) k is the group's size.
 */
public final class RankingMetrics {

    /** Cut-offs always reported; the objective metric's own cut-off is added. */
    static final int[] CUT_OFFS = {5, 10};

    private RankingMetrics() {
    }

    /**
     * @param labels     relevance per row, rows sorted by group
     * @param groupSizes rows per group in order
     * @param groupWeights one weight per group, or null
     * @param evalMetric the objective metric as XGBoost evaluates it (ndcg@3, map), whose cut-off is added; or null
     */
    public static Map<String, Double> compute(float[] labels, float[] predictions, int[] groupSizes,
                                              float[] groupWeights, String evalMetric) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("the test split is empty: nothing to evaluate");
        }
        TreeSet<Integer> ks = new TreeSet<>();
        for (int k : CUT_OFFS) {
            ks.add(k);
        }
        if (evalMetric != null) {
            int at = evalMetric.indexOf('@');
            if (at > 0) {
                ks.add(Integer.parseInt(evalMetric.substring(at + 1).replace("-", "")));
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ndcg", ndcg(labels, predictions, groupSizes, groupWeights, Integer.MAX_VALUE));
        for (int k : ks) {
            m.put("ndcg@" + k, ndcg(labels, predictions, groupSizes, groupWeights, k));
        }
        m.put("map", map(labels, predictions, groupSizes, groupWeights, Integer.MAX_VALUE));
        for (int k : ks) {
            m.put("map@" + k, map(labels, predictions, groupSizes, groupWeights, k));
        }
        m.put("groups", (double) groupSizes.length);
        return m;
    }

    /** Mean NDCG@k over the groups. */
    public static double ndcg(float[] labels, float[] predictions, int[] groupSizes, float[] groupWeights, int k) {
        return mean(groupSizes, groupWeights, (start, size) -> {
            Integer[] byPrediction = order(start, size, Comparator.comparingDouble(i -> -predictions[i]));
            Integer[] ideal = order(start, size, Comparator.comparingDouble(i -> -labels[i]));
            double idcg = dcg(labels, ideal, k);
            return idcg == 0 ? 1.0 : dcg(labels, byPrediction, k) / idcg;
        });
    }

    /** Mean AP@k over the groups. */
    public static double map(float[] labels, float[] predictions, int[] groupSizes, float[] groupWeights, int k) {
        return mean(groupSizes, groupWeights, (start, size) -> {
            Integer[] byPrediction = order(start, size, Comparator.comparingDouble(i -> -predictions[i]));
            double hits = 0;
            double sum = 0;
            for (int i = 0; i < size; i++) {
                if (labels[byPrediction[i]] > 0) {
                    hits++;
                    if (i < k) {
                        sum += hits / (i + 1);
                    }
                }
            }
            return hits == 0 ? 1.0 : sum / Math.min(hits, k);
        });
    }

    /** One weight per group from per-row weights (a group's rows share theirs; the first row's is taken). */
    static float[] perGroup(float[] rowWeights, int[] groupSizes) {
        float[] out = new float[groupSizes.length];
        int row = 0;
        for (int g = 0; g < groupSizes.length; g++) {
            out[g] = rowWeights[row];
            row += groupSizes[g];
        }
        return out;
    }

    private interface GroupScore {
        double score(int start, int size);
    }

    private static double mean(int[] groupSizes, float[] groupWeights, GroupScore score) {
        double sum = 0;
        double total = 0;
        int start = 0;
        for (int g = 0; g < groupSizes.length; g++) {
            double w = groupWeights == null ? 1.0 : groupWeights[g];
            sum += w * score.score(start, groupSizes[g]);
            total += w;
            start += groupSizes[g];
        }
        return total == 0 ? 0.0 : sum / total;
    }

    /** Row indices start..start+size-1 sorted by {@code by}, stable (Arrays.sort of objects is a merge sort). */
    private static Integer[] order(int start, int size, Comparator<Integer> by) {
        Integer[] rows = new Integer[size];
        for (int i = 0; i < size; i++) {
            rows[i] = start + i;
        }
        Arrays.sort(rows, by);
        return rows;
    }

    private static double dcg(float[] labels, Integer[] order, int k) {
        double sum = 0;
        for (int i = 0; i < order.length && i < k; i++) {
            double gain = Math.pow(2, labels[order[i]]) - 1;
            sum += gain / (Math.log(i + 2) / Math.log(2));
        }
        return sum;
    }
}
