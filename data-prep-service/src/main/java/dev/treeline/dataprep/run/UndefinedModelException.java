package dev.treeline.dataprep.run;

import java.util.Collection;
import java.util.TreeSet;

import dev.treeline.support.errors.ResourceNotFoundException;

/** A run was asked for a model that is not defined (404 over REST; recorded as skipped for events). */
public class UndefinedModelException extends ResourceNotFoundException {

    public UndefinedModelException(String model, Collection<String> known) {
        super(message(model, known));
    }

    public static String message(String model, Collection<String> known) {
        return "no model named '" + model + "' is defined; defined models: " + new TreeSet<>(known);
    }
}
