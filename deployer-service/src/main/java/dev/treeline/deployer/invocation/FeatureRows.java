package dev.treeline.deployer.invocation;

import dev.treeline.deployer.endpoint.ModelSchema;

/**
 * Parsed request rows, laid out densely for a model once its schema is known (feature count, names, category
 * dictionaries). Used by one request at a time.
 */
public interface FeatureRows {

    /** Number of rows. */
    int count();

    /**
     * The rows one after another, {@code schema.numFeatures()} values each (NaN = missing; a categorical value is
     * its code, an unseen one is missing).
     *
     * @throws InvocationError (ValidationError) when the rows do not fit the model
     */
    float[] flat(String model, ModelSchema schema);

    /**
     * Per feature position, how many categorical values of the last {@link #flat} the model never saw (read as
     * missing); null when there were none.
     */
    default int[] unseen() {
        return null;
    }
}
