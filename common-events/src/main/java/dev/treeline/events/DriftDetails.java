package dev.treeline.events;

import jakarta.validation.constraints.NotBlank;

/**
 * The drift measurement behind a retraining request.
 *
 * @param metric    drift statistic, e.g. {@code psi} or {@code ks}
 * @param threshold the limit that was crossed; optional
 * @param feature   the feature that drifted; optional (absent for whole-model drift)
 * @param source    the monitor that measured it
 */
public record DriftDetails(
        @NotBlank String metric,
        double value,
        Double threshold,
        String feature,
        @NotBlank String source) {
}
