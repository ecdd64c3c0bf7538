package dev.treeline.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A stage gave up on a retraining run, so the run tracker can close it.
 *
 * @param stage where it failed, e.g. {@code data-prep} or {@code tuning}
 */
public record RunFailed(
        @NotBlank String runId,
        @NotNull @ModelGroupName String model,
        @NotBlank String stage,
        @NotBlank String reason) implements EventPayload {

    @Override
    public String modelGroup() {
        return model;
    }
}
