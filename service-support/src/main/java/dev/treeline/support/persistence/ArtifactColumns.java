package dev.treeline.support.persistence;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;

/**
 * An {@link ArtifactRef} stored in an entity: the six {@code artifact_*} columns, mapped once. Embed it with
 * {@code @Embedded}; a table that names its columns differently uses {@code @AttributeOverride}.
 */
@Embeddable
public class ArtifactColumns {

    @Column(name = "artifact_bucket")
    public String bucket;

    @Column(name = "artifact_key", length = 1024)
    public String key;

    @Column(name = "artifact_sha256", length = 64)
    public String sha256;

    @Column(name = "artifact_bytes")
    public Long bytes;

    @Enumerated(EnumType.STRING)
    @Column(name = "artifact_format", length = 16)
    public ArtifactFormat format;

    @Column(name = "artifact_version_id", length = 1024)
    public String versionId;

    public static ArtifactColumns of(ArtifactRef ref) {
        Objects.requireNonNull(ref, "ref");
        ArtifactColumns columns = new ArtifactColumns();
        columns.bucket = ref.bucket();
        columns.key = ref.key();
        columns.sha256 = ref.sha256();
        columns.bytes = ref.bytes();
        columns.format = ref.format();
        columns.versionId = ref.versionId();
        return columns;
    }

    /** The reference these columns hold; every column but the version id must be set. */
    public ArtifactRef toRef() {
        if (bucket == null || key == null || sha256 == null || bytes == null || format == null) {
            throw new IllegalStateException("artifact columns are incomplete: " + this);
        }
        return new ArtifactRef(bucket, key, sha256, bytes, format, versionId);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + " (" + bytes + " bytes, " + format + ", sha256 " + sha256 + ")";
    }
}
