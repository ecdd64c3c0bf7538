package dev.treeline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The files of a prepared dataset: three splits and what their columns mean.
 *
 * @param schema {@link DatasetSchema} as {@value DatasetSchema#FILE_NAME}; absent in events of datasets written
 *               before categorical features (all features numeric, numeric label)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSplits(
        @NotNull @Valid ObjectRef train,
        @NotNull @Valid ObjectRef validation,
        @NotNull @Valid ObjectRef test,
        @Valid ObjectRef schema) {

    /** Splits without a schema file (numeric features, numeric label). */
    public DatasetSplits(ObjectRef train, ObjectRef validation, ObjectRef test) {
        this(train, validation, test, null);
    }
}
