package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Someone or something asks for a model to be retrained.
 *
 * @param testing     marks a run whose outputs must never be deployed to production
 * @param requestedBy who asked: a user, {@code scheduler}, or a monitor's name
 * @param drift       the measurement that triggered a drift retrain; optional
 */
public record RetrainRequested(
        @NotNull @ModelGroupName String model,
        @NotNull RetrainReason reason,
        boolean testing,
        @NotBlank String requestedBy,
        @Valid DriftDetails drift) implements EventPayload {

    @Override
    public String modelGroup() {
        return model;
    }
}
