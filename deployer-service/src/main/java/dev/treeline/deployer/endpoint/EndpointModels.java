package dev.treeline.deployer.endpoint;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.DeployerMetrics;
import dev.treeline.deployer.storage.ArtifactStore;
import dev.treeline.deployer.storage.DeploymentStore;

/**
 * Wires the model cache to this account: the desired version comes from the database (what the
 * deployer recorded, so a restarted or second replica serves exactly the same versions) and the bytes
 * from the account bucket's immutable versioned key.
 */
@ApplicationScoped
public class EndpointModels {

    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "model-cache");
        t.setDaemon(true);
        return t;
    });
    private ModelCache cache;

    @Produces
    @Singleton
    ModelCache modelCache(DeployerConfig config, DeploymentStore store, ArtifactStore artifacts,
            DeployerMetrics metrics) {
        cache = newCache(store, artifacts, config.memoryBudgetMb() * 1024L * 1024L, background, metrics);
        metrics.bind(cache);
        return cache;
    }

    /**
     * A cache that serves what the database records: also what a restarted process or another replica
     * builds, which is why they serve the same versions.
     */
    public static ModelCache newCache(DeploymentStore store, ArtifactStore artifacts, long budgetBytes,
            java.util.concurrent.Executor background, DeployerMetrics metrics) {
        ModelSource source = group -> store.desired(group).map(d -> new ResolvedVersion(d.version, d.sha256,
                () -> artifacts.read(d.artifactKey)));
        ModelLoader timed = (key, bytes) -> {
            long start = System.nanoTime();
            try {
                // Booster first (a cold request is answered at once); the cache builds and verifies the Java
                // evaluator in the background and swaps it in.
                LoadedModel model = LoadedModel.loadNative(key, bytes);
                metrics.loaded(System.nanoTime() - start);
                return model;
            } catch (Exception e) {
                metrics.loadFailed();
                throw e;
            }
        };
        return new ModelCache(source, new ArtifactVerifier(), budgetBytes, background, timed);
    }

    @PreDestroy
    void close() {
        if (cache != null) {
            cache.close();
        }
        background.shutdown();
    }
}
