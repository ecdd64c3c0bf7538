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
 * </ul>
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
        Family family = Objectives.find(objective).map(Objectives.Objective::family)
                .orElseThrow(() -> new UnsupportedObjectiveException(objective));
        return switch (family) {
            case BINARY -> switch (objective) {
                case "binary:hinge" -> binaryClasses(labels, column(predictions));
                case "binary:logitraw" -> binary(labels, sigmoid(column(predictions)));
                default -> binary(labels, column(predictions));
            };
            case MULTICLASS -> "multi:softprob".equals(objective) ? multiclassProbabilities(labels, predictions)
                    : multiclass(labels, classes(column(predictions)), -1);
            case COUNT -> withDeviance(regression(labels, column(predictions)), "poisson_deviance",
                    tweedieDeviance(labels, column(predictions), 1));
            case POSITIVE -> "reg:gamma".equals(objective)
                    ? withDeviance(regression(labels, column(predictions)), "gamma_deviance",
                    tweedieDeviance(labels, column(predictions), 2))
                    : withDeviance(regression(labels, column(predictions)), "tweedie_deviance",
                    tweedieDeviance(labels, column(predictions), EvalMetric.tweediePower(params)));
            case RANKING -> throw UnsupportedObjectiveException.ranking(objective);
            default -> regression(labels, column(predictions));
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
        int n = checked(labels, predictions);
        double sumAbs = 0;
        double sumSq = 0;
        double sumErr = 0;
        double sumLabel = 0;
        for (int i = 0; i < n; i++) {
            double err = (double) predictions[i] - labels[i];
            sumAbs += Math.abs(err);
            sumSq += err * err;
            sumErr += err;
            sumLabel += labels[i];
        }
        double meanErr = sumErr / n;
        double meanLabel = sumLabel / n;
        double varErr = 0;
        double totalSq = 0;
        for (int i = 0; i < n; i++) {
            double err = (double) predictions[i] - labels[i];
            varErr += (err - meanErr) * (err - meanErr);
            totalSq += (labels[i] - meanLabel) * (labels[i] - meanLabel);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mae", sumAbs / n);
        m.put("rmse", Math.sqrt(sumSq / n));
        m.put("error_std", Math.sqrt(varErr / n));
        // constant labels: R² is undefined; report 0 rather than NaN (NaN is not valid JSON)
        m.put("r2", totalSq == 0 ? 0.0 : 1 - sumSq / totalSq);
        // |error| / |label| is infinite for a label 0: those rows are left out (and counted) rather than making the
        // mean infinite or, as scikit-learn does, dividing by machine epsilon
        double sumRatio = 0;
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0) {
                sumRatio += Math.abs((double) predictions[i] - labels[i]) / Math.abs(labels[i]);
                used++;
            }
        }
        if (used > 0) {
            m.put("mape", sumRatio / used);
        }
        m.put("mape_skipped_rows", (double) (n - used));
        return m;
    }

    /**
     * scikit-learn's {@code mean_tweedie_deviance} of positive predictions: power 1 is Poisson
     * ({@code mean_poisson_deviance}), 2 gamma ({@code mean_gamma_deviance}), 0 squared error.
     */
    static double tweedieDeviance(float[] labels, float[] predictions, double power) {
        int n = checked(labels, predictions);
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
            sum += d;
        }
        return sum / n;
    }

    /** Binary metrics of probabilities of the positive class. */
    public static Map<String, Double> binary(float[] labels, float[] probabilities) {
        int n = checked(labels, probabilities);
        double logloss = 0;
        float[] classes = new float[n];
        for (int i = 0; i < n; i++) {
            boolean positive = label(labels[i]);
            double p = Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, probabilities[i]));
            logloss -= positive ? Math.log(p) : Math.log(1 - p);
            classes[i] = probabilities[i] >= 0.5 ? 1f : 0f;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("logloss", logloss / n);
        m.put("auc", auc(labels, probabilities));
        m.put("aucpr", averagePrecision(labels, probabilities));
        m.putAll(binaryClasses(labels, classes));
        return m;
    }

    /** Binary metrics of predicted classes 0/1 (binary:hinge, or probabilities cut at 0.5). */
    public static Map<String, Double> binaryClasses(float[] labels, float[] classes) {
        int n = checked(labels, classes);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = 0; i < n; i++) {
            boolean positive = label(labels[i]);
            boolean predicted = classes[i] >= 0.5;
            if (predicted && positive) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (positive) {
                fn++;
            } else {
                tn++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", (double) (tp + tn) / n);
        m.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
        // scikit-learn's zero_division=0: no predicted (or no actual) positives give 0
        m.put("precision", tp + fp == 0 ? 0.0 : (double) tp / (tp + fp));
        m.put("recall", tp + fn == 0 ? 0.0 : (double) tp / (tp + fn));
        m.put("tn", (double) tn);
        m.put("fp", (double) fp);
        m.put("fn", (double) fn);
        m.put("tp", (double) tp);
        return m;
    }

    /**
     * scikit-learn's {@code average_precision_score}: the sum over distinct score thresholds, highest first, of
     * (recall gained) x (precision at that threshold); 0 when there is no positive.
     */
    static double averagePrecision(float[] labels, float[] scores) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        long positives = 0;
        for (float y : labels) {
            if (label(y)) {
                positives++;
            }
        }
        if (positives == 0) {
            return 0.0;
        }
        double ap = 0;
        long tp = 0;
        long seen = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            long gained = 0;
            for (int k = i; k <= j; k++) {
                if (label(labels[order[k]])) {
                    gained++;
                }
            }
            tp += gained;
            seen += j - i + 1;
            ap += (double) gained / positives * ((double) tp / seen);
            i = j + 1;
        }
        return ap;
    }

    /**
     * Multi-class metrics of class probabilities (k per row): mlogloss (probability of the true class clipped like
     * XGBoost's), then the metrics of the most probable class (the lowest index on a tie).
     */
    public static Map<String, Double> multiclassProbabilities(float[] labels, float[][] probabilities) {
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
            logloss -= Math.log(Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, pc)));
            int best = 0;
            for (int j = 1; j < p.length; j++) {
                if (p[j] > p[best]) {
                    best = j;
                }
            }
            predicted[i] = best;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mlogloss", logloss / Math.max(1, n));
        m.putAll(multiclass(labels, predicted, k));
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
        long[][] confusion = new long[classes][classes];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int actual = classOf(labels[i]);
            confusion[actual][predicted[i]]++;
            if (actual == predicted[i]) {
                correct++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", (double) correct / n);
        double f1Sum = 0;
        int present = 0;
        Map<String, Double> perClass = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            long tp = confusion[c][c];
            long actual = 0;
            long predictedC = 0;
            for (int j = 0; j < classes; j++) {
                actual += confusion[c][j];
                predictedC += confusion[j][c];
            }
            double precision = predictedC == 0 ? 0.0 : (double) tp / predictedC;
            double recall = actual == 0 ? 0.0 : (double) tp / actual;
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
                m.put("confusion[" + a + "][" + p + "]", (double) confusion[a][p]);
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

    /** Mann-Whitney U over average ranks; 0.5 when only one class is present (AUC undefined). */
    static double auc(float[] labels, float[] scores) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (label(labels[order[k]])) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return 0.5;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static boolean label(float value) {
        if (value != 0f && value != 1f) {
            throw new IllegalArgumentException("binary labels must be 0 or 1, got " + value);
        }
        return value == 1f;
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
