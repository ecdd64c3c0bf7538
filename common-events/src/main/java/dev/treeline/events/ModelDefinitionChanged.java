package dev.treeline.events;

import dev.treeline.events.definition.ModelDefinition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * data-prep applied a revision of a model's definition, or retired the model. The registry creates or updates the
 * model package group from it (so a defined model is listed before its first version) and passes the description,
 * owner, tags and {@code serving} section on to the deployers ({@link ModelGroupChanged}).
 *
 * @param model       the model group
 * @param revision    1, 2, ... per model; a restore or a retirement is a revision of its own
 * @param contentHash SHA-256 of the definition's canonical JSON ({@code ModelDefinitions.contentHash})
 * @param definition  the whole definition, defaults written out
 * @param source      where the revision came from: {@code api} or {@code folder}
 * @param origin      the file a folder-owned definition came from (relative to the folder); absent for the API
 * @param by          who applied it (a user, or {@code folder})
 * @param at          when
 * @param retired     the model is retired: its schedule stopped; its history and versions stay
 */
public record ModelDefinitionChanged(
        @NotNull @ModelGroupName String model,
        @Min(1) int revision,
        @NotNull @Sha256 String contentHash,
        @NotNull @Valid ModelDefinition definition,
        @NotBlank String source,
        String origin,
        @NotBlank String by,
        @NotNull Instant at,
        boolean retired) implements EventPayload {

    @Override
    public String modelGroup() {
        return model;
    }

    @JsonIgnore
    @AssertTrue(message = "definition.name must equal model")
    public boolean isNameConsistent() {
        return definition == null || model == null || model.equals(definition.name());
    }
}
