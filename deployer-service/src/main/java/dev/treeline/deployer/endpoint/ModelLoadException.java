package dev.treeline.deployer.endpoint;

import dev.treeline.support.errors.DependencyFailureException;

/** A served model could not be fetched, verified or loaded; the message says why and is safe to show. */
public class ModelLoadException extends DependencyFailureException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
