package dev.treeline.tuning.search;

/**
 * How a numeric parameter is explored. LOG spreads samples evenly over orders of magnitude, which suits
 * learning rates and regularisation strengths whose effect is multiplicative.
 */
public enum Scale {
    LINEAR,
    LOG
}
