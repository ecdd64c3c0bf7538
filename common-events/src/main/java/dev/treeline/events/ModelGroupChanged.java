package dev.treeline.events;

import dev.treeline.events.definition.ServingSection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/**
 * The registry's model package group was created or changed by a definition revision. Published on the
 * model-packages topic, keyed by the group, so a deployer sees it in order with the group's approvals.
 *
 * @param modelGroup         the group
 * @param description        what the model predicts; optional
 * @param owner              who answers for it; optional
 * @param tags               free labels
 * @param serving            the definition's per-model deployer settings
 * @param definitionRevision the definition revision this reflects
 * @param retired            the model was retired: no new runs; versions already deployed stay deployed
 * @param at                 when the registry applied it
 */
public record ModelGroupChanged(
        @NotNull @ModelGroupName String modelGroup,
        String description,
        String owner,
        List<@NotBlank String> tags,
        @NotNull @Valid ServingSection serving,
        @Min(1) int definitionRevision,
        boolean retired,
        @NotNull Instant at) implements EventPayload {

    public ModelGroupChanged {
        tags = Copies.listOrEmpty(tags);
    }
}
