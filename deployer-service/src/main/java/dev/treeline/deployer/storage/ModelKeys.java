package dev.treeline.deployer.storage;

import dev.treeline.events.ModelGroupNames;

/** Where a version lives in the account bucket: immutable, one key per version, never overwritten with other bytes. */
public final class ModelKeys {

    public static final String PREFIX = "models/";

    private ModelKeys() {
    }

    public static String versioned(String modelGroup, int version) {
        ModelGroupNames.requireValid(modelGroup);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        return PREFIX + modelGroup + "/v" + version + "/model.ubj";
    }
}
