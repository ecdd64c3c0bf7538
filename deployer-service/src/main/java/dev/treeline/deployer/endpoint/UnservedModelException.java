package dev.treeline.deployer.endpoint;

import dev.treeline.support.errors.ResourceNotFoundException;

/** This endpoint serves no version of the model group (none recorded, or removed). */
public class UnservedModelException extends ResourceNotFoundException {

    private final String modelGroup;

    public UnservedModelException(String modelGroup) {
        this(modelGroup, "no deployed version for model group '" + modelGroup + "'");
    }

    public UnservedModelException(String modelGroup, String message) {
        super(message);
        this.modelGroup = modelGroup;
    }

    public String modelGroup() {
        return modelGroup;
    }
}
