package dev.treeline.deployer.storage;

import java.time.Instant;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.events.ArtifactFormat;
import dev.treeline.events.ArtifactRef;

/** One version of a model group as this account last heard of it from the registry. */
public record VersionRecord(String modelGroup, int version, ApprovalStatus status, String runId, String sourceBucket,
        String sourceKey, String sourceVersionId, String sha256, long bytes, boolean testing, Instant approvedAt) {

    public ArtifactRef artifact() {
        return new ArtifactRef(sourceBucket, sourceKey, sha256, bytes, ArtifactFormat.UBJSON, sourceVersionId);
    }

    public VersionRecord withStatus(ApprovalStatus newStatus, Instant newApprovedAt) {
        return new VersionRecord(modelGroup, version, newStatus, runId, sourceBucket, sourceKey, sourceVersionId, sha256,
                bytes, testing, newApprovedAt);
    }
}
