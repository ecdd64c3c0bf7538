package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/**
 * Data-prep wrote the train/validation/test splits for a run.
 *
 * @param layer           the warehouse layer the data was read from, e.g. {@code gold}
 * @param objective       XGBoost objective, e.g. {@code reg:squarederror}
 * @param query           the query that produced the data, kept for lineage
 * @param queryParameters the values bound into {@code query}; optional
 * @param testing         marks a run whose outputs must never be deployed to production
 */
public record DatasetReady(
        @NotBlank String runId,
        @NotNull @ModelGroupName String model,
        @NotBlank String layer,
        @NotBlank String objective,
        @NotBlank String labelColumn,
        @NotEmpty List<@NotBlank String> featureNames,
        @NotNull @Valid DateWindow window,
        @NotBlank String query,
        Map<@NotBlank String, Object> queryParameters,
        @NotNull @Valid DatasetSplits splits,
        boolean testing) implements EventPayload {

    public DatasetReady {
        featureNames = Copies.list(featureNames);
        queryParameters = Copies.map(queryParameters);
    }

    @Override
    public String modelGroup() {
        return model;
    }
}
