package dev.treeline.events;

/**
 * How a model artifact is serialised. Only XGBoost's own formats: Java serialisation or pickle
 * would let whoever writes the bucket run code in every service that loads the model.
 */
public enum ArtifactFormat {
    UBJSON,
    JSON
}
