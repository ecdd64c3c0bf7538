package dev.treeline.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A data file in object storage, e.g. one dataset split. The digest lets consumers check they
 * read exactly the bytes the producer wrote.
 *
 * @param rows      number of data rows; optional
 * @param versionId object version when the bucket is versioned; optional
 */
public record ObjectRef(
        @NotBlank String bucket,
        @NotBlank String key,
        @NotNull @Sha256 String sha256,
        @PositiveOrZero long bytes,
        @PositiveOrZero Long rows,
        String versionId) {
}
