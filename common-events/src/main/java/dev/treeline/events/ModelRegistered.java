package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * The registry stored a new model package version.
 *
 * @param version           model package version within the group, from 1
 * @param evaluationMetrics metrics the registry recorded for the version (may be empty)
 * @param testing           marks a version that must never be deployed to production
 */
public record ModelRegistered(
        @NotNull @ModelGroupName String modelGroup,
        @Min(1) int version,
        @NotNull ApprovalStatus approvalStatus,
        @NotNull @Valid ArtifactRef artifact,
        @NotNull Map<@NotBlank String, @NotNull Double> evaluationMetrics,
        @NotBlank String runId,
        @NotBlank String tuningJobName,
        boolean testing) implements EventPayload {

    public ModelRegistered {
        evaluationMetrics = Copies.map(evaluationMetrics);
    }
}
