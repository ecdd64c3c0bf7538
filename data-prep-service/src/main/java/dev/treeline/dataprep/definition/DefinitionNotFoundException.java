package dev.treeline.dataprep.definition;

import dev.treeline.support.errors.ResourceNotFoundException;

/** A model that was never defined, or a revision it does not have (404). */
public class DefinitionNotFoundException extends ResourceNotFoundException {

    public DefinitionNotFoundException(String message) {
        super(message);
    }

    public static DefinitionNotFoundException model(String name) {
        return new DefinitionNotFoundException("model '" + name + "' is not defined; PUT /models/" + name
                + " or add " + name + ".yaml to the definitions folder");
    }
}
