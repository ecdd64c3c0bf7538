package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The three files of a prepared dataset. */
public record DatasetSplits(
        @NotNull @Valid ObjectRef train,
        @NotNull @Valid ObjectRef validation,
        @NotNull @Valid ObjectRef test) {
}
