package dev.treeline.tuning.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of the best model on the untouched test split. Regression: MAE, RMSE, the population standard deviation
 * of the error (prediction - label) and R². Binary classification: log loss, ROC AUC (ties share their average
 * rank), and accuracy and F1 at the 0.5 threshold.
 */
public final class TestMetrics {

    /** Probabilities are clipped like XGBoost's logloss so a confident mistake is large but finite. */
    static final double LOGLOSS_EPS = 1e-15;

    private TestMetrics() {
    }

    public static Map<String, Double> compute(EvalMetric metric, float[] labels, float[] predictions) {
        return metric == EvalMetric.RMSE ? regression(labels, predictions) : binary(labels, predictions);
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
        return m;
    }

    public static Map<String, Double> binary(float[] labels, float[] probabilities) {
        int n = checked(labels, probabilities);
        double logloss = 0;
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            boolean positive = label(labels[i]);
            double p = Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, probabilities[i]));
            logloss -= positive ? Math.log(p) : Math.log(1 - p);
            boolean predicted = probabilities[i] >= 0.5;
            if (predicted == positive) {
                correct++;
            }
            if (predicted && positive) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (positive) {
                fn++;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("logloss", logloss / n);
        m.put("auc", auc(labels, probabilities));
        m.put("accuracy", (double) correct / n);
        m.put("f1", tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn));
        return m;
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
