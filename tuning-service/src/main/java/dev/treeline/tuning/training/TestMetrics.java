package dev.treeline.tuning.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.treeline.events.definition.Objectives;
import dev.treeline.events.definition.Objectives.Family;

/**
 * Metrics of the best model on the untouched test split, per objective family, with scikit-learn's definitions so a
 * user can recompute them. The keys of the first version (mae, rmse, error_std, r2, logloss, auc, accuracy, f1) keep
 * their meaning, so evaluation histories stay comparable.
 * <ul>
 *   <li>Regression: MAE, RMSE, the population standard deviation of the error (prediction - label), R² and MAPE
 *       (rows with label 0 skipped, their count in {@code mape_skipped_rows}).</li>
 *   <li>Binary: log loss and ROC AUC (ties share their average rank) and average precision ({@code aucpr}) when the
 *       model gives probabilities (binary:logitraw's margins go through the sigmoid first; binary:hinge gives classes,
 *       so it has none of the three), then accuracy, F1, precision, recall and the confusion counts tn, fp, fn, tp at
 *       the 0.5 threshold.</li>
 *   <li>Multi-class: mlogloss (multi:softprob only), accuracy, macro F1, {@code precision[c]}, {@code recall[c]} and
 *       {@code confusion[actual][predicted]} counts.</li>
 *   <li>count:poisson, reg:gamma, reg:tweedie: the regression metrics plus the mean deviance of their distribution
 *       ({@code poisson_deviance}, {@code gamma_deviance}, {@code tweedie_deviance} at the trained power).</li>
 *   <li>Ranking: {@code ndcg@5}, {@code ndcg@10}, {@code map@5}, {@code map@10}, {@code ndcg}, {@code map} (the whole
 *       list) and the objective metric's cut-off, over query groups with XGBoost's definitions
 *       ({@link RankingMetrics}).</li>
 * </ul>
 * With sample weights every metric is weighted as scikit-learn's {@code sample_weight} does (weighted means, weighted
 * confusion counts, weighted ROC and precision-recall curves); ranking weights are per group, as in XGBoost.
 */
public final class TestMetrics {

    /** Probabilities are clipped like XGBoost's logloss so a confident mistake is large but finite. */
    static final double LOGLOSS_EPS = 1e-15;

    private TestMetrics() {
    }

    /**
     * The test metrics of a model of {@code objective} trained with {@code params} (tweedie's power), from its
     * predictions as XGBoost gives them: one column per row, or k (multi:softprob's class probabilities).
     */
    public static Map<String, Double> compute(String objective, Map<String, ?> params, float[] labels,
                                              float[][] predictions) {
        return compute(objective, params, labels, null, null, predictions);
    }

    /**
     * As above, weighted by {@code weights} (null: unweighted) and, for ranking, over the query groups of
     * {@code groupSizes} (the rows sorted by group; a group's weight is its rows' weight).
     */
    public static Map<String, Double> compute(String objective, Map<String, ?> params, float[] labels,
                                              float[] weights, int[] groupSizes, float[][] predictions) {
        float[] w = weights;
        Family family = Objectives.find(objective).map(Objectives.Objective::family)
                .orElseThrow(() -> new UnsupportedObjectiveException(objective));
        return switch (family) {
            case BINARY -> switch (objective) {
                case "binary:hinge" -> binaryClasses(labels, column(predictions), w);
                case "binary:logitraw" -> binary(labels, sigmoid(column(predictions)), w);
                default -> binary(labels, column(predictions), w);
            };
            case MULTICLASS -> "multi:softprob".equals(objective) ? multiclassProbabilities(labels, predictions, w)
                    : multiclass(labels, classes(column(predictions)), -1, w);
            case COUNT -> withDeviance(regression(labels, column(predictions), w), "poisson_deviance",
                    tweedieDeviance(labels, column(predictions), 1, w));
            case POSITIVE -> "reg:gamma".equals(objective)
                    ? withDeviance(regression(labels, column(predictions), w), "gamma_deviance",
                    tweedieDeviance(labels, column(predictions), 2, w))
                    : withDeviance(regression(labels, column(predictions), w), "tweedie_deviance",
                    tweedieDeviance(labels, column(predictions), EvalMetric.tweediePower(params), w));
            case RANKING -> {
                if (groupSizes == null) {
                    throw new IllegalArgumentException(objective + " is evaluated per query group: the test split"
                            + " has no groups");
                }
                Object evalMetric = params.get("eval_metric");
                yield RankingMetrics.compute(labels, column(predictions), groupSizes,
                        w == null ? null : RankingMetrics.perGroup(w, groupSizes),
                        evalMetric == null ? null : evalMetric.toString());
            }
            default -> regression(labels, column(predictions), w);
        };
    }

    private static Map<String, Double> withDeviance(Map<String, Double> m, String key, double value) {
        m.put(key, value);
        return m;
    }

    private static float[] column(float[][] predictions) {
        float[] out = new float[predictions.length];
        for (int i = 0; i < predictions.length; i++) {
            if (predictions[i].length != 1) {
                throw new IllegalArgumentException("expected one prediction per row, got " + predictions[i].length);
            }
            out[i] = predictions[i][0];
        }
        return out;
    }

    private static float[] sigmoid(float[] margins) {
        float[] out = new float[margins.length];
        for (int i = 0; i < margins.length; i++) {
            out[i] = (float) (1 / (1 + Math.exp(-margins[i])));
        }
        return out;
    }

    private static int[] classes(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) Math.rint(values[i]);
        }
        return out;
    }

    public static Map<String, Double> regression(float[] labels, float[] predictions) {
        return regression(labels, predictions, null);
    }

    /** Weighted regression metrics (weighted means; null weights: every row weighs 1). */
    public static Map<String, Double> regression(float[] labels, float[] predictions, float[] weights) {
        int n = checked(labels, predictions, weights);
        double total = totalWeight(weights, n);
        double sumAbs = 0;
        double sumSq = 0;
        double sumErr = 0;
        double sumLabel = 0;
        for (int i = 0; i < n; i++) {
            double w = weight(weights, i);
            double err = (double) predictions[i] - labels[i];
            sumAbs += w * Math.abs(err);
            sumSq += w * err * err;
            sumErr += w * err;
            sumLabel += w * labels[i];
        }
        double meanErr = sumErr / total;
        double meanLabel = sumLabel / total;
        double varErr = 0;
        double totalSq = 0;
        for (int i = 0; i < n; i++) {
            double w = weight(weights, i);
            double err = (double) predictions[i] - labels[i];
            varErr += w * (err - meanErr) * (err - meanErr);
            totalSq += w * (labels[i] - meanLabel) * (labels[i] - meanLabel);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mae", sumAbs / total);
        m.put("rmse", Math.sqrt(sumSq / total));
        m.put("error_std", Math.sqrt(varErr / total));
        // constant labels: R² is undefined; report 0 rather than NaN (NaN is not valid JSON)
        m.put("r2", totalSq == 0 ? 0.0 : 1 - sumSq / totalSq);
        // |error| / |label| is infinite for a label 0: those rows are left out (and counted) rather than making the
        // mean infinite or, as scikit-learn does, dividing by machine epsilon
        double sumRatio = 0;
        double usedWeight = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0) {
                double w = weight(weights, i);
                sumRatio += w * Math.abs((double) predictions[i] - labels[i]) / Math.abs(labels[i]);
                usedWeight += w;
                used++;
            }
        }
        if (usedWeight > 0) {
            m.put("mape", sumRatio / usedWeight);
        }
        m.put("mape_skipped_rows", (double) (n - used));
        return m;
    }

    private static double weight(float[] weights, int i) {
        return weights == null ? 1.0 : weights[i];
    }

    private static double totalWeight(float[] weights, int n) {
        if (weights == null) {
            return n;
        }
        double total = 0;
        for (float w : weights) {
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("the test split's weights sum to " + total + ": nothing to evaluate");
        }
        return total;
    }

    /**
     * scikit-learn's {@code mean_tweedie_deviance} of positive predictions: power 1 is Poisson
     * ({@code mean_poisson_deviance}), 2 gamma ({@code mean_gamma_deviance}), 0 squared error.
     */
    static double tweedieDeviance(float[] labels, float[] predictions, double power) {
        return tweedieDeviance(labels, predictions, power, null);
    }

    static double tweedieDeviance(float[] labels, float[] predictions, double power, float[] weights) {
        int n = checked(labels, predictions, weights);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double y = labels[i];
            double mu = predictions[i];
            double d;
            if (power == 0) {
                d = (y - mu) * (y - mu);
            } else if (power == 1) {
                d = 2 * ((y == 0 ? 0 : y * Math.log(y / mu)) - y + mu);
            } else if (power == 2) {
                d = 2 * (Math.log(mu / y) + y / mu - 1);
            } else {
                d = 2 * (Math.pow(Math.max(y, 0), 2 - power) / ((1 - power) * (2 - power))
                        - y * Math.pow(mu, 1 - power) / (1 - power) + Math.pow(mu, 2 - power) / (2 - power));
            }
            sum += weight(weights, i) * d;
        }
        return sum / totalWeight(weights, n);
    }

    /** Binary metrics of probabilities of the positive class. */
    public static Map<String, Double> binary(float[] labels, float[] probabilities) {
        return binary(labels, probabilities, null);
    }

    public static Map<String, Double> binary(float[] labels, float[] probabilities, float[] weights) {
        int n = checked(labels, probabilities, weights);
        double logloss = 0;
        float[] classes = new float[n];
        for (int i = 0; i < n; i++) {
            boolean positive = label(labels[i]);
            double p = Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, probabilities[i]));
            logloss -= weight(weights, i) * (positive ? Math.log(p) : Math.log(1 - p));
            classes[i] = probabilities[i] >= 0.5 ? 1f : 0f;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("logloss", logloss / totalWeight(weights, n));
        m.put("auc", auc(labels, probabilities, weights));
        m.put("aucpr", averagePrecision(labels, probabilities, weights));
        m.putAll(binaryClasses(labels, classes, weights));
        return m;
    }

    /** Binary metrics of predicted classes 0/1 (binary:hinge, or probabilities cut at 0.5). */
    public static Map<String, Double> binaryClasses(float[] labels, float[] classes) {
        return binaryClasses(labels, classes, null);
    }

    /** With weights the confusion counts are weight sums (scikit-learn's {@code confusion_matrix(sample_weight)}). */
    public static Map<String, Double> binaryClasses(float[] labels, float[] classes, float[] weights) {
        int n = checked(labels, classes, weights);
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double tn = 0;
        for (int i = 0; i < n; i++) {
            boolean positive = label(labels[i]);
            boolean predicted = classes[i] >= 0.5;
            double w = weight(weights, i);
            if (predicted && positive) {
                tp += w;
            } else if (predicted) {
                fp += w;
            } else if (positive) {
                fn += w;
            } else {
                tn += w;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", (tp + tn) / totalWeight(weights, n));
        m.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
        // scikit-learn's zero_division=0: no predicted (or no actual) positives give 0
        m.put("precision", tp + fp == 0 ? 0.0 : tp / (tp + fp));
        m.put("recall", tp + fn == 0 ? 0.0 : tp / (tp + fn));
        m.put("tn", tn);
        m.put("fp", fp);
        m.put("fn", fn);
        m.put("tp", tp);
        return m;
    }

    /**
     * scikit-learn's {@code average_precision_score}: the sum over distinct score thresholds, highest first, of
     * (recall gained) x (precision at that threshold); 0 when there is no positive.
     */
    static double averagePrecision(float[] labels, float[] scores) {
        return averagePrecision(labels, scores, null);
    }

    static double averagePrecision(float[] labels, float[] scores, float[] weights) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        double positives = 0;
        for (int i = 0; i < n; i++) {
            if (label(labels[i])) {
                positives += weight(weights, i);
            }
        }
        if (positives == 0) {
            return 0.0;
        }
        double ap = 0;
        double tp = 0;
        double seen = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double gained = 0;
            for (int k = i; k <= j; k++) {
                double w = weight(weights, order[k]);
                if (label(labels[order[k]])) {
                    gained += w;
                }
                seen += w;
            }
            tp += gained;
            if (gained > 0) {
                ap += gained / positives * (tp / seen);
            }
            i = j + 1;
        }
        return ap;
    }

    /**
     * Multi-class metrics of class probabilities (k per row): mlogloss (probability of the true class clipped like
     * XGBoost's), then the metrics of the most probable class (the lowest index on a tie).
     */
    public static Map<String, Double> multiclassProbabilities(float[] labels, float[][] probabilities) {
        return multiclassProbabilities(labels, probabilities, null);
    }

    public static Map<String, Double> multiclassProbabilities(float[] labels, float[][] probabilities,
                                                              float[] weights) {
        int n = labels.length;
        if (probabilities.length != n) {
            throw new IllegalArgumentException(n + " labels but " + probabilities.length + " predictions");
        }
        int[] predicted = new int[n];
        double logloss = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            float[] p = probabilities[i];
            k = Math.max(k, p.length);
            int c = classOf(labels[i]);
            double pc = c < p.length ? p[c] : 0;
            logloss -= weight(weights, i) * Math.log(Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, pc)));
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            predicted[i] = best;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mlogloss", n == 0 ? 0.0 : logloss / totalWeight(weights, n));
        m.putAll(multiclass(labels, predicted, k, weights));
        return m;
    }

    /**
     * Multi-class metrics of predicted classes: accuracy, macro F1 (scikit-learn's: the mean over the classes present
     * in the labels or the predictions), per class {@code precision[c]} and {@code recall[c]} (0 when undefined), and
     * the confusion counts {@code confusion[actual][predicted]} for classes 0..k-1.
     *
     * @param k the number of classes, or -1 for the largest class seen + 1
     */
    public static Map<String, Double> multiclass(float[] labels, int[] predicted, int k) {
        return multiclass(labels, predicted, k, null);
    }

    /** With weights the confusion counts are weight sums, as scikit-learn's {@code sample_weight}. */
    public static Map<String, Double> multiclass(float[] labels, int[] predicted, int k, float[] weights) {
        int n = labels.length;
        if (predicted.length != n) {
            throw new IllegalArgumentException(n + " labels but " + predicted.length + " predictions");
        }
        if (n == 0) {
            throw new IllegalArgumentException("the test split is empty: nothing to evaluate");
        }
        int classes = Math.max(k, 2);
        for (int i = 0; i < n; i++) {
            classes = Math.max(classes, Math.max(classOf(labels[i]), predicted[i]) + 1);
        }
        double[][] confusion = new double[classes][classes];
        double correct = 0;
        for (int i = 0; i < n; i++) {
            int actual = classOf(labels[i]);
            double w = weight(weights, i);
            confusion[actual][predicted[i]] += w;
            if (actual == predicted[i]) {
                correct += w;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", correct / totalWeight(weights, n));
        double f1Sum = 0;
        int present = 0;
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            double tp = confusion[c][c];
            double actual = 0;
            double predictedC = 0;
            for (int j = 0; j < classes; j++) {
                actual += confusion[c][j];
                predictedC += confusion[j][c];
            }
            double precision = predictedC == 0 ? 0.0 : tp / predictedC;
            double recall = actual == 0 ? 0.0 : tp / actual;
            perClass.put("precision[" + c + "]", precision);
            perClass.put("recall[" + c + "]", recall);
            if (actual + predictedC > 0) {
                f1Sum += 2.0 * tp / (actual + predictedC);
                present++;
            }
        }
        m.put("macro_f1", present == 0 ? 0.0 : f1Sum / present);
        m.putAll(perClass);
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                m.put("confusion[" + a + "][" + p + "]", confusion[a][p]);
            }
        }
        return m;
    }

    private static int classOf(float label) {
        if (label < 0 || label != Math.rint(label)) {
            throw new IllegalArgumentException("multi-class labels must be integers 0..k-1, got " + label);
        }
        return (int) label;
    }

    /** ROC AUC; 0.5 when only one class is present (AUC undefined). */
    static double auc(float[] labels, float[] scores) {
        return auc(labels, scores, null);
    }

    /**
     * ROC AUC with weights (scikit-learn's {@code roc_auc_score(sample_weight)}: the trapezoidal area under the
     * weighted ROC curve): the weighted share of (positive, negative) pairs the scores order correctly, a tie
     * counting half. Unweighted this is Mann-Whitney's U over average ranks.
     */
    static double auc(float[] labels, float[] scores, float[] weights) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double negativesBelow = 0;
        double won = 0;
        double positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double pos = 0;
            double neg = 0;
            for (int k = i; k <= j; k++) {
                double w = weight(weights, order[k]);
                if (label(labels[order[k]])) {
                    pos += w;
                } else {
                    neg += w;
                }
            }
            won += pos * (negativesBelow + neg / 2);
            negativesBelow += neg;
            positives += pos;
            i = j + 1;
        }
        if (positives == 0 || negativesBelow == 0) {
            return 0.5;
        }
        return won / (positives * negativesBelow);
    }

    private static boolean label(float value) {
        if (value != 0f && value != 1f) {
            throw new IllegalArgumentException("binary labels must be 0 or 1, got " + value);
        }
        return value == 1f;
    }

    private static int checked(float[] labels, float[] predictions, float[] weights) {
        if (weights != null && weights.length != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + weights.length + " weights");
        }
        return checked(labels, predictions);
    }

    private static int checked(float[] labels, float[] predictions) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("the test split is empty: nothing to evaluate");
        }
        return labels.length;
    }
}
