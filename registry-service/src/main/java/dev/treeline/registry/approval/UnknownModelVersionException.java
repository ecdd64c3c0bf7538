package dev.treeline.registry.approval;

import dev.treeline.support.errors.ResourceNotFoundException;

/** The group exists but has no version with this number. */
public class UnknownModelVersionException extends ResourceNotFoundException {

    public UnknownModelVersionException(String group, int version) {
        super("model package group '" + group + "' has no version " + version);
    }
}
