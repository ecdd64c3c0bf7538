package dev.treeline.deployer.endpoint;

import dev.treeline.support.errors.UnprocessableException;

/**
 * A model artifact was refused before XGBoost saw it: its SHA-256 does not match, it is not a format we are
 * willing to load, or its immutable key already holds other bytes.
 */
public class ArtifactRefusedException extends UnprocessableException {

    public ArtifactRefusedException(String message) {
        super(message);
    }
}
