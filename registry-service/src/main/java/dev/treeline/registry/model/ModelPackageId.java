package dev.treeline.registry.model;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of a model package: its group and its version within the group. */
public class ModelPackageId implements Serializable {

    public String groupName;
    public int version;

    public ModelPackageId() {
    }

    public ModelPackageId(String groupName, int version) {
        this.groupName = groupName;
        this.version = version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPackageId other && version == other.version
                && Objects.equals(groupName, other.groupName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupName, version);
    }
}
