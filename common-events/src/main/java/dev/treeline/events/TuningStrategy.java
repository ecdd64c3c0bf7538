package dev.treeline.events;

/** How the tuning job chose hyperparameters to try. */
public enum TuningStrategy {
    BAYESIAN,
    RANDOM
}
