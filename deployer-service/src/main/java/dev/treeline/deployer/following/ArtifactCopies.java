package dev.treeline.deployer.following;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Artifacts of one model group copied into the account bucket before the transaction that records them, by
 * version: a copy is slow S3 I/O and must not hold the group's lock or a database transaction. Account keys are
 * immutable per version, so copying ahead of a decision that then changes costs nothing but the copy.
 */
public final class ArtifactCopies {

    /** How copying one version's artifact went. */
    public sealed interface Copy {
        String sha256();
    }

    /** Copied (or already there, same SHA-256) under {@code key}. */
    public record Copied(String sha256, String key) implements Copy {
    }

    /** Refused or unreachable; {@code reason} is what DeploymentFailed says. */
    public record Failed(String sha256, String reason) implements Copy {
    }

    private final Map<Integer, Copy> byVersion = new HashMap<>();

    public static ArtifactCopies none() {
        return new ArtifactCopies();
    }

    void put(int version, Copy copy) {
        byVersion.put(version, copy);
    }

    /** The copy made ahead for this version and these bytes, if any. */
    Optional<Copy> of(int version, String sha256) {
        return Optional.ofNullable(byVersion.get(version)).filter(c -> c.sha256().equals(sha256));
    }
}
