package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Data-prep wrote the train/validation/test splits for a run.
 *
 * <p>Schema version 2 nests the data's origin in {@link Lineage}; version 1 (flat fields) is still read and
 * upcast ({@link Upcasters}).
 *
 * @param objective XGBoost objective, e.g. {@code reg:squarederror}
 * @param lineage   where the data came from and where the splits are
 * @param testing   marks a run whose outputs must never be deployed to production
 */
public record DatasetReady(
        @NotBlank String runId,
        @NotNull @ModelGroupName String model,
        @NotBlank String objective,
        @NotNull @Valid Lineage lineage,
        boolean testing) implements EventPayload {

    @Override
    public String modelGroup() {
        return model;
    }

    /** Validation hook (not part of the JSON): {@link Lineage#labelColumn} is optional only for TuningCompleted v1. */
    @JsonIgnore
    @AssertTrue(message = "lineage.labelColumn must not be blank: a dataset always names its label")
    public boolean isLabelColumnGiven() {
        return lineage == null || (lineage.labelColumn() != null && !lineage.labelColumn().isBlank());
    }
}
