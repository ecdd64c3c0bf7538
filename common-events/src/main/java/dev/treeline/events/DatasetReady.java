package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.treeline.events.definition.TuningSection;
import jakarta.validation.constraints.Min;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Data-prep wrote the train/validation/test splits for a run.
 *
 * <p>Schema version 3 carries what the tuning service needs from the model's definition (objective metric, tuning
 * section, definition revision), so the tuning service has no per-model configuration. Version 2 nests the data's
 * origin in {@link Lineage}; versions 1 and 2 are still read and upcast ({@link Upcasters}).
 *
 * @param objective          XGBoost objective, e.g. {@code reg:squarederror}
 * @param objectiveMetric    the validation metric tuning optimises, e.g. {@code rmse}
 * @param tuning             the definition's tuning section, defaults written out
 * @param definitionRevision the definition revision the run snapshotted; 0 for events upcast from version 2
 * @param lineage            where the data came from and where the splits are
 * @param testing            marks a run whose outputs must never be deployed to production
 */
public record DatasetReady(
        @NotBlank String runId,
        @NotNull @ModelGroupName String model,
        @NotBlank String objective,
        @NotBlank String objectiveMetric,
        @NotNull @Valid TuningSection tuning,
        @Min(0) int definitionRevision,
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
