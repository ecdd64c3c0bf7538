package dev.treeline.registry.approval;

import dev.treeline.support.errors.ResourceNotFoundException;

/** No model package group has this name (the model was never defined and no version of it was registered). */
public class UnknownModelGroupException extends ResourceNotFoundException {

    public UnknownModelGroupException(String group) {
        super("no model package group '" + group + "'");
    }
}
