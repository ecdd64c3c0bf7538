package dev.treeline.deployer.endpoint;

/**
 * A model scored by the Java tree evaluator: a {@link CompiledForest} verified bit for bit against XGBoost when
 * it was built ({@link BoosterModel#compileJava()}). Plain arrays: nothing to free, predictions never block.
 */
public final class JavaForestModel extends LoadedModel {

    private final CompiledForest forest;
    private final String detail;

    JavaForestModel(ModelKey key, CompiledForest forest, String detail, int weightBytes, ModelSchema schema) {
        super(key, weightBytes, schema);
        this.forest = forest;
        this.detail = detail;
    }

    @Override
    public Engine engine() {
        return Engine.JAVA;
    }

    @Override
    public String engineDetail() {
        return detail;
    }

    @Override
    float[] score(float[] flat, int rowCount) {
        return forest.predictRows(flat, rowCount);
    }

    @Override
    void freeResources() {
        // plain Java arrays: the garbage collector frees them
    }
}
