package dev.treeline.registry.approval;

import dev.treeline.support.errors.ResourceNotFoundException;

/** No model package group has this name (no tuning result for it was ever registered). */
public class UnknownModelGroupException extends ResourceNotFoundException {

    public UnknownModelGroupException(String group) {
        super("no model package group '" + group + "'");
    }
}
