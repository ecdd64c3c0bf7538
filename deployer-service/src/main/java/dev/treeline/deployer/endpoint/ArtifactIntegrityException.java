package dev.treeline.deployer.endpoint;

/** A model artifact failed its hash check or is not a format we are willing to hand to XGBoost. */
public class ArtifactIntegrityException extends RuntimeException {

    public ArtifactIntegrityException(String message) {
        super(message);
    }
}
