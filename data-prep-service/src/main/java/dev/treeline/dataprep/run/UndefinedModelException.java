package dev.treeline.dataprep.run;

import java.util.Collection;
import java.util.TreeSet;

import dev.treeline.support.errors.ResourceNotFoundException;

/** A run was asked for a model that has no spec (404 over REST; recorded as skipped for events). */
public class UndefinedModelException extends ResourceNotFoundException {

    public UndefinedModelException(String model, Collection<String> known) {
        super("no model spec named '" + model + "'; configured models: " + new TreeSet<>(known));
    }
}
