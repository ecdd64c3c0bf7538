package dev.treeline.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * An external monitor measured drift on a deployed model.
 *
 * @param metric    drift statistic, e.g. {@code psi} or {@code ks}
 * @param threshold the limit that was crossed; optional
 * @param feature   the feature that drifted; optional (absent for whole-model drift)
 * @param source    the monitor that measured it
 */
public record DriftDetected(
        @NotNull @ModelGroupName String model,
        @NotBlank String metric,
        double value,
        Double threshold,
        String feature,
        @NotBlank String source) implements EventPayload {

    @Override
    public String modelGroup() {
        return model;
    }

    /** The measurement, to carry into the {@link RetrainRequested} it triggers. */
    public DriftDetails toDetails() {
        return new DriftDetails(metric, value, threshold, feature, source);
    }
}
