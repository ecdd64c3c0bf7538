package dev.treeline.deployer.endpoint;

/** Which engine scores a loaded model; {@link #label()} is what the management API and the metrics show. */
public enum Engine {
    /** A {@link CompiledForest} verified bit-exact against XGBoost at load: plain Java arrays. */
    JAVA("java"),
    /** XGBoost's native Booster: models the Java evaluator does not handle, or that failed verification. */
    XGBOOST("xgboost");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
