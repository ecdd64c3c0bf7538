package dev.treeline.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A deployer now serves a model version on an endpoint.
 *
 * @param account        the deployment account (each has its own deployer)
 * @param artifactSha256 digest of the artifact actually served
 * @param action         why this version is served now: a promotion, a rollback or an operator's change
 * @param reason         a sentence for people, e.g. which rejected version a rollback replaced
 */
public record ModelDeployed(
        @NotBlank String account,
        @NotBlank String endpoint,
        @NotNull @ModelGroupName String modelGroup,
        @Min(1) int version,
        @NotNull @Sha256 String artifactSha256,
        @NotNull Instant at,
        @NotNull DeploymentAction action,
        String reason) implements EventPayload {
}
