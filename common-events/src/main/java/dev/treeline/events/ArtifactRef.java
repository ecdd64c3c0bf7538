package dev.treeline.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A trained model in object storage. Deployers verify the digest before serving it.
 *
 * @param versionId object version when the bucket is versioned; optional
 */
public record ArtifactRef(
        @NotBlank String bucket,
        @NotBlank String key,
        @NotNull @Sha256 String sha256,
        @PositiveOrZero long bytes,
        @NotNull ArtifactFormat format,
        String versionId) {
}
