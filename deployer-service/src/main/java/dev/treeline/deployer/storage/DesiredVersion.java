package dev.treeline.deployer.storage;

import java.time.Instant;

import dev.treeline.events.DeploymentAction;

/** The version a model group serves in this account; every replica follows this record. */
public record DesiredVersion(String modelGroup, int version, String sha256, String runId, String artifactKey,
        DeploymentAction action, String reason, Instant updatedAt) {
}
