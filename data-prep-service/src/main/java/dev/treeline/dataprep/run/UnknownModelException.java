package dev.treeline.dataprep.run;

import java.util.Collection;
import java.util.TreeSet;

import jakarta.ws.rs.NotFoundException;

/** No spec is configured for the model (404 over REST; recorded as skipped for events). */
public class UnknownModelException extends NotFoundException {

    public UnknownModelException(String model, Collection<String> known) {
        super("no model spec named '" + model + "'; configured models: " + new TreeSet<>(known));
    }
}
