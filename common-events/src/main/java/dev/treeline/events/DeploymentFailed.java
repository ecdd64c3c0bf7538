package dev.treeline.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A deployer could not deploy a model version; the endpoint keeps what it served before.
 *
 * @param account        the deployment account (each has its own deployer)
 * @param artifactSha256 digest of the artifact it tried to deploy
 */
public record DeploymentFailed(
        @NotBlank String account,
        @NotBlank String endpoint,
        @NotNull @ModelGroupName String modelGroup,
        @Min(1) int version,
        @NotNull @Sha256 String artifactSha256,
        @NotNull Instant at,
        @NotBlank String reason) implements EventPayload {
}
