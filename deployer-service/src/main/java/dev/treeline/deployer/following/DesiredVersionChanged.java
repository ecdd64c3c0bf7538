package dev.treeline.deployer.following;

/** Fired when this process changed a model group's desired version; observed after the commit. */
public record DesiredVersionChanged(String modelGroup) {
}
