package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A model package version was approved for deployment.
 *
 * @param by             who approved it (a user or an automatic gate)
 * @param reason         why, kept for the audit trail
 * @param previousStatus the status before this change
 */
public record ModelApproved(
        @NotNull @ModelGroupName String modelGroup,
        @Min(1) int version,
        @NotNull @Valid ArtifactRef artifact,
        @NotBlank String by,
        @NotBlank String reason,
        @NotNull Instant at,
        @NotNull ApprovalStatus previousStatus) implements EventPayload {
}
