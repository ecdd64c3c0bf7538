package dev.treeline.deployer.endpoint;

import java.util.Objects;

/** One concrete model: a model group at one registry version. */
public record ModelKey(String modelGroup, int version) {

    public ModelKey {
        Objects.requireNonNull(modelGroup, "modelGroup");
    }

    @Override
    public String toString() {
        return modelGroup + "@v" + version;
    }
}
