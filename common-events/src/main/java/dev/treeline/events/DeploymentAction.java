package dev.treeline.events;

/** Why a deployer changed the version an endpoint serves. */
public enum DeploymentAction {
    /** A newer version followed the registry (approval, or registration under the {@code registered} policy). */
    PROMOTED,
    /** The served version was rejected and an earlier approved version took its place. */
    ROLLED_BACK,
    /** An operator added, replaced or reloaded the model through the management API. */
    MANUAL
}
