package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * Fractions of rows in each split; they must add up to 1 (the validator checks, with a tolerance of 1e-9).
 * Defaults 0.7 / 0.15 / 0.15.
 */
@JsonPropertyOrder({"train", "validation", "test"})
public record SplitSpec(
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double train,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double validation,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double test) {

    public SplitSpec {
        train = train == null ? 0.7 : train;
        validation = validation == null ? 0.15 : validation;
        test = test == null ? 0.15 : test;
    }

    public static SplitSpec defaults() {
        return new SplitSpec(null, null, null);
    }
}
