package dev.treeline.deployer.invocation;

/** Parsed request rows, laid out densely for a model once its feature count is known. */
public interface FeatureRows {

    /** Number of rows. */
    int count();

    /**
     * The rows one after another, {@code numFeatures} values each (NaN = missing).
     *
     * @throws InvocationError (ValidationError) when the rows do not fit the model
     */
    float[] flat(String model, long numFeatures);
}
