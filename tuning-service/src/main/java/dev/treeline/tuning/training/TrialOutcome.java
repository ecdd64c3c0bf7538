package dev.treeline.tuning.training;

/**
 * What one trial's training produced: the best validation score (the metric as XGBoost reports it, not negated: the highest AUC, the lowest loss), the 0-based boosting round it was reached in, and
 * how many rounds ran before early stopping (or the cap) ended training.
 */
public record TrialOutcome(double validationScore, int bestIteration, int roundsTrained) {
}
