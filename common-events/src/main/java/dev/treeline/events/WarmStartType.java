package dev.treeline.events;

/** SageMaker's warm-start modes for a hyperparameter tuning job, plus NONE for a cold start. */
public enum WarmStartType {
    NONE,
    IDENTICAL_DATA_AND_ALGORITHM,
    TRANSFER_LEARNING
}
