package dev.treeline.deployer.following;

/** Fired when this process stored new serving settings for a model group; observed after the commit. */
public record ServingChanged(String modelGroup) {
}
