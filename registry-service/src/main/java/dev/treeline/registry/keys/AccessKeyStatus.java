package dev.treeline.registry.keys;

import dev.treeline.events.AccessKeysChanged;

/** Whether a key may sign requests; a revoked key is kept for audit and published as revoked. */
public enum AccessKeyStatus {
    Active, Revoked;

    AccessKeysChanged.Status published() {
        return this == Active ? AccessKeysChanged.Status.ACTIVE : AccessKeysChanged.Status.REVOKED;
    }
}
