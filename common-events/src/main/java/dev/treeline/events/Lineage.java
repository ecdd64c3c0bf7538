package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;

/**
 * Where a model's data came from, carried as one value from data-prep through tuning to the registry, so no
 * stage copies its fields one by one.
 *
 * @param layer           the warehouse layer the data was read from, e.g. {@code gold}
 * @param query           the query that produced the data
 * @param queryParameters the values bound into {@code query}; optional
 * @param window          the date window the query was bound to
 * @param labelColumn     the target column; absent only in events upcast from TuningCompleted schema version 1,
 *                        which did not carry it
 * @param featureNames    the feature columns, in the order the model takes them
 * @param splits          the train/validation/test files the model was trained and evaluated on
 */
public record Lineage(
        @NotBlank String layer,
        @NotBlank String query,
        Map<@NotBlank String, Object> queryParameters,
        @NotNull @Valid DateWindow window,
        String labelColumn,
        @NotEmpty List<@NotBlank String> featureNames,
        @NotNull @Valid DatasetSplits splits) {

    public Lineage {
        queryParameters = Copies.map(queryParameters);
        featureNames = Copies.list(featureNames);
    }
}
