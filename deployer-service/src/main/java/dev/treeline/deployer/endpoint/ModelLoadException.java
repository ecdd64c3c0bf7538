package dev.treeline.deployer.endpoint;

/** A known model could not be fetched, verified or loaded; the message says why. */
public class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
