package dev.treeline.tuning.training;

import dev.treeline.events.DatasetSchema;
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
            // XGBoost's NDCG gain is 2^rel - 1 on integer grades up to 31
            case RANKING -> "rank:map".equals(objective)
                    ? (y != 0f && y != 1f ? "is not 0 or 1: rank:map labels are relevant (1) or not (0)" : null)
                    : (y < 0 || y > 31 || y != Math.rint(y)
                    ? "is not a relevance grade: " + objective + " labels are integers 0..31" : null);
            case POSITIVE -> "reg:gamma".equals(objective)
                    ? (y <= 0 ? "is not positive: reg:gamma labels are > 0" : null)
                    : (y < 0 ? "is negative: " + objective + " labels are >= 0" : null);
            default -> "reg:squaredlogerror".equals(objective) && y <= -1
                    ? "is <= -1: reg:squaredlogerror takes log(1 + label)"
                    : "reg:logistic".equals(objective) && (y < 0 || y > 1)
                    ? "is outside [0, 1]: reg:logistic labels are probabilities" : null;
        };
    }

    /**
     * As {@link #check(String, String, CsvMatrix)}, and for a text label ({@code schema.label().classes()}) every code
     * must be one of its classes; a text label only fits a classification objective.
     */
    public static void check(String objective, String split, CsvMatrix m, DatasetSchema schema) {
        check(objective, split, m);
        DatasetSchema.Label label = schema.label();
        if (!label.isText()) {
            return;
        }
        Family family = Objectives.find(objective).map(Objectives.Objective::family).orElse(Family.REGRESSION);
        if (family != Family.BINARY && family != Family.MULTICLASS) {
            throw new CorruptDatasetException("the label '" + label.name() + "' is text (classes " + label.classes()
                    + "), which only a classification objective (binary:*, multi:*) learns, not " + objective);
        }
        float[] labels = m.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= label.classes().size()) {
                throw new CorruptDatasetException("dataset split '" + split + "', line " + (i + 1) + ": label code "
                        + labels[i] + " is not a class of '" + label.name() + "' (codes 0.."
                        + (label.classes().size() - 1) + " in schema.json)");
            }
        }
    }

    /**
     * The number of classes of a text label's dataset: its classes, even those no split has (a class only a later
     * retrain sees keeps its output), or more when a split has a larger code.
     */
    public static int numClasses(DatasetSchema schema, CsvMatrix... splits) {
        return Math.max(schema.label().classes().size(), numClasses(splits));
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
