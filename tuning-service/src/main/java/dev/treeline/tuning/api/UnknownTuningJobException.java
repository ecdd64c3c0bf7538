package dev.treeline.tuning.api;

import dev.treeline.support.errors.ResourceNotFoundException;

/** No tuning job has the name asked for. */
public class UnknownTuningJobException extends ResourceNotFoundException {

    public UnknownTuningJobException(String name) {
        super("no tuning job named '" + name + "'");
    }
}
