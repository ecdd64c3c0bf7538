package dev.treeline.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A deployer stopped serving a model: its served version was rejected and no earlier approved
 * version was left to roll back to, or an operator removed it.
 *
 * @param version the version that was served until now
 */
public record ModelUndeployed(
        @NotBlank String account,
        @NotBlank String endpoint,
        @NotNull @ModelGroupName String modelGroup,
        @Min(1) int version,
        @NotNull Instant at,
        @NotBlank String reason) implements EventPayload {
}
