package dev.treeline.tuning.training;

import dev.treeline.events.definition.Objectives;
import dev.treeline.events.definition.Objectives.Family;

/**
 * Checks a split's labels fit the objective before anything trains, so a bad label fails the job with the split, row
 * and value instead of an XGBoost error deep in a trial (or a silently wrong model): multi-class labels are integers
 * 0..k-1, binary labels 0/1, counts and tweedie targets non-negative, gamma targets positive. Also derives the number
 * of classes k of a multi-class dataset from all three splits (max label + 1, at least 2), so a class seen only in
 * the test split still has an output.
 */
public final class LabelCheck {

    private LabelCheck() {
    }

    /**
     * @param split the split's name for the message ({@code train}, {@code validation}, {@code test})
     * @throws CorruptDatasetException naming the split, the row (1-based, the CSV line) and the value
     */
    public static void check(String objective, String split, CsvMatrix m) {
        Family family = Objectives.find(objective).map(Objectives.Objective::family).orElse(Family.REGRESSION);
        float[] labels = m.labels();
        for (int i = 0; i < labels.length; i++) {
            float y = labels[i];
            String problem = problem(objective, family, y);
            if (problem != null) {
                throw new CorruptDatasetException("dataset split '" + split + "', line " + (i + 1) + ": label " + y
                        + " " + problem);
            }
        }
    }

    private static String problem(String objective, Family family, float y) {
        if (!Float.isFinite(y)) {
            return "is not a finite number";
        }
        return switch (family) {
            case MULTICLASS -> y < 0 || y != Math.rint(y)
                    ? "is not a class index: " + objective + " labels are integers 0..k-1" : null;
            case BINARY -> y != 0f && y != 1f ? "is not 0 or 1: " + objective + " labels are 0/1" : null;
            case COUNT -> y < 0 ? "is negative: " + objective + " labels are counts >= 0" : null;
            case POSITIVE -> "reg:gamma".equals(objective)
                    ? (y <= 0 ? "is not positive: reg:gamma labels are > 0" : null)
                    : (y < 0 ? "is negative: " + objective + " labels are >= 0" : null);
            default -> "reg:squaredlogerror".equals(objective) && y <= -1
                    ? "is <= -1: reg:squaredlogerror takes log(1 + label)"
                    : "reg:logistic".equals(objective) && (y < 0 || y > 1)
                    ? "is outside [0, 1]: reg:logistic labels are probabilities" : null;
        };
    }

    /** The number of classes k: the largest label of all the splits + 1, at least 2 (labels already checked). */
    public static int numClasses(CsvMatrix... splits) {
        int max = 1;
        for (CsvMatrix m : splits) {
            for (float y : m.labels()) {
                max = Math.max(max, (int) y);
            }
        }
        return max + 1;
    }
}
