package dev.treeline.deployer.invocation;

/** Parsed request rows, made dense for a model once its feature count is known. */
@FunctionalInterface
public interface FeatureRows {

    /** @throws InvocationError (ValidationError) when the rows do not fit the model */
    float[][] dense(String model, long numFeatures);
}
