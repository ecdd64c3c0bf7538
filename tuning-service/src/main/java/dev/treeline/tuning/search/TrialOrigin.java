package dev.treeline.tuning.search;

/** Where an observation comes from: this tuning job, or a parent job reused for warm start. */
public enum TrialOrigin {
    CURRENT,
    PARENT
}
