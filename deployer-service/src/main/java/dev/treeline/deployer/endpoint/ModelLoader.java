package dev.treeline.deployer.endpoint;

/**
 * Turns verified model bytes into a servable {@link LoadedModel}. A seam so tests (and later metrics)
 * can observe every model the cache creates; production uses {@link #xgboost()}.
 */
@FunctionalInterface
public interface ModelLoader {

    LoadedModel load(ModelKey key, byte[] verifiedModelBytes) throws Exception;

    static ModelLoader xgboost() {
        return LoadedModel::load;
    }
}
