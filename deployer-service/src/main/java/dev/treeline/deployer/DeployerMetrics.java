package dev.treeline.deployer;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.deployer.endpoint.Engine;
import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.endpoint.ModelSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The endpoint's meters ({@code treeline.deployer.*}). Per-model tags are optional
 * ({@code treeline.deployer.per-model-metrics}): with thousands of models one series per model is too
 * many, and the totals are still there. Only names of served models become tag values, never raw request
 * input, so a client cannot blow up the series count.
 */
@ApplicationScoped
public class DeployerMetrics {

    static final String ALL = "_all";

    private final MeterRegistry registry;
    private final boolean perModel;
    private final ConcurrentHashMap<String, Timer> invocations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> unseen = new ConcurrentHashMap<>();
    private final Timer loadTime;
    private final Counter loadFailures;
    private final Counter rollbacks;
    private final Counter undeployments;
    private final Counter deploymentFailures;

    public DeployerMetrics(MeterRegistry registry, DeployerConfig config) {
        this.registry = registry;
        this.perModel = config.perModelMetrics();
        this.loadTime = Timer.builder("treeline.deployer.model.load").description("time to fetch, verify and load a model")
                .register(registry);
        this.loadFailures = registry.counter("treeline.deployer.model.load.failures");
        this.rollbacks = registry.counter("treeline.deployer.rollbacks");
        this.undeployments = registry.counter("treeline.deployer.undeployments");
        this.deploymentFailures = registry.counter("treeline.deployer.deployment.failures");
    }

    /** Cache-level meters read the cache's own counters. */
    public void bind(ModelCache cache) {
        FunctionCounter.builder("treeline.deployer.model.loads", cache, ModelCache::loads).register(registry);
        FunctionCounter.builder("treeline.deployer.model.engine.loads", cache, ModelCache::javaEngineLoads)
                .description("model loads by the engine that serves them").tag("engine", Engine.JAVA.label()).register(registry);
        FunctionCounter.builder("treeline.deployer.model.engine.loads", cache, ModelCache::xgboostEngineLoads)
                .description("model loads by the engine that serves them").tag("engine", Engine.XGBOOST.label()).register(registry);
        FunctionCounter.builder("treeline.deployer.model.evictions", cache, ModelCache::evictions).register(registry);
        FunctionCounter.builder("treeline.deployer.model.swaps", cache, ModelCache::swaps).register(registry);
        Gauge.builder("treeline.deployer.cache.bytes", cache, ModelCache::weightedSize).baseUnit("bytes")
                .register(registry);
        Gauge.builder("treeline.deployer.cache.models", cache, c -> c.loadedGroups().size()).register(registry);
    }

    public void invoked(String model, long nanos) {
        String tag = perModel ? model : ALL;
        invocations.computeIfAbsent(tag, m -> Timer.builder("treeline.deployer.invocations").tag("model", m)
                .publishPercentileHistogram(false).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code model} must be a served model's name or null (request never reached a model). */
    public void failed(String model, String errorType) {
        String tag = model == null ? "-" : perModel ? model : ALL;
        errors.computeIfAbsent(tag + '|' + errorType, k -> Counter.builder("treeline.deployer.invocation.errors")
                .tag("model", tag).tag("error", errorType).register(registry)).increment();
    }

    /**
     * Counts categorical values a model never saw in training (served as missing): {@code unseen[f]} values of the
     * feature at position f. Feature names come from the model's schema, never from the request.
     */
    public void unseenCategories(String model, ModelSchema schema, int[] counts) {
        String tag = perModel ? model : ALL;
        List<String> names = schema.featureNames();
        for (int f = 0; f < counts.length; f++) {
            if (counts[f] == 0) {
                continue;
            }
            String feature = f < names.size() ? names.get(f) : Integer.toString(f);
            unseen.computeIfAbsent(tag + '|' + feature, k -> Counter.builder("treeline.unseen.category.values")
                    .description("categorical values the model never saw in training, served as missing")
                    .tag("model", tag).tag("feature", feature).register(registry)).increment(counts[f]);
        }
    }

    public void loaded(long nanos) {
        loadTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void loadFailed() {
        loadFailures.increment();
    }

    public void rolledBack() {
        rollbacks.increment();
    }

    public void undeployed() {
        undeployments.increment();
    }

    public void deploymentFailed() {
        deploymentFailures.increment();
    }
}
