package dev.treeline.deployer.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * In-memory models of the multi-model endpoint, one served {@link LoadedModel} per model group,
 * bounded by a memory budget.
 *
 * <ul>
 * <li>Keyed by model group (not by version) so that a swap is a single atomic replace of the served
 * entry: a request either sees the old model or the new one, never a gap. A {@link ConcurrentHashMap}: a hit is
 * one lookup, one CAS on the model's reference count and one time stamp.</li>
 * <li>Weight = {@link LoadedModel#weightBytes()}, bound = {@code maxWeightBytes}. Eviction is strictly least
 * recently used first, done here and only here: {@link #enforceBudget()} removes the models with the oldest use
 * stamp after each load until the rest fit. (A library's size policy was tried and dropped: Caffeine's W-TinyLFU
 * refuses a newly loaded model called fewer times than the victim, so a round-robin over more models than fit
 * kept evicting the one just loaded.)</li>
 * <li>Every removal (eviction, invalidation, swap replacement, engine upgrade) only <em>retires</em> the model;
 * native memory is freed after the last in-flight prediction releases it.</li>
 * <li>The budget is enforced on {@code backgroundExecutor} after each load, so it may be exceeded briefly.</li>
 * </ul>
 */
public final class ModelCache implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    /**
     * A retired hit means a concurrent eviction or swap won the race between lookup and acquire; the next
     * lookup sees the fresh entry. A few attempts (not one) so a burst of invalidations cannot fail a request.
     */
    private static final int MAX_ACQUIRE_ATTEMPTS = 3;

    private final ModelSource source;
    private final ArtifactVerifier verifier;
    private final ModelLoader loader;
    private final Executor backgroundExecutor;
    private final ConcurrentHashMap<String, LoadedModel> models = new ConcurrentHashMap<>();
    private final long maxWeightBytes;
    /** Latest swap request per group, so a slow older swap cannot overwrite a newer one. */
    private final Map<String, Long> swapGeneration = new ConcurrentHashMap<>();
    private final AtomicLong swapSequence = new AtomicLong();

    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong javaEngineLoads = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();
    private final AtomicLong swaps = new AtomicLong();

    public ModelCache(ModelSource source, ArtifactVerifier verifier, long maxWeightBytes, Executor backgroundExecutor) {
        this(source, verifier, maxWeightBytes, backgroundExecutor, ModelLoader.xgboost());
    }

    public ModelCache(ModelSource source, ArtifactVerifier verifier, long maxWeightBytes, Executor backgroundExecutor,
            ModelLoader loader) {
        if (maxWeightBytes <= 0) {
            throw new IllegalArgumentException("maxWeightBytes must be positive, got " + maxWeightBytes);
        }
        this.source = Objects.requireNonNull(source, "source");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.backgroundExecutor = Objects.requireNonNull(backgroundExecutor, "backgroundExecutor");
        this.maxWeightBytes = maxWeightBytes;
    }

    /**
     * Scores rows with the group's served model, loading the desired version on first use. Concurrent
     * first calls share one load.
     *
     * @throws UnservedModelException when the source has no version for the group
     * @throws ModelLoadException when fetching, verifying or loading fails, or prediction fails natively
     */
    public float[] predict(String modelGroup, float[][] rows) {
        return withModel(modelGroup, model -> model.predict(rows));
    }

    /** Work done with a served model while holding a reference to it (so it cannot be disposed meanwhile). */
    @FunctionalInterface
    public interface ModelCall<T> {
        T apply(LoadedModel model) throws XGBoostError;
    }

    /**
     * Runs {@code call} with the group's served model, loading the desired version on first use; the same
     * guarantees as {@link #predict(String, float[][])}. Exceptions other than XGBoost's pass through.
     */
    public <T> T withModel(String modelGroup, ModelCall<T> call) {
        Objects.requireNonNull(modelGroup, "modelGroup");
        for (int attempt = 0; attempt < MAX_ACQUIRE_ATTEMPTS; attempt++) {
            LoadedModel model = models.get(modelGroup);
            if (model == null) {
                model = loadIfAbsent(modelGroup);
            }
            if (model.acquire()) {
                return callHeld(model, call);
            }
        }
        throw new ModelLoadException(modelGroup + ": model was evicted " + MAX_ACQUIRE_ATTEMPTS
                + " times between lookup and use; memory budget too small for it?");
    }

    /**
     * Runs {@code call} with the group's served model only if it is loaded already and {@code accept}s it;
     * returns null otherwise, without loading or blocking (the caller then takes the {@link #withModel}
     * path on a thread that may block). Counts as a use for the eviction order, like {@link #withModel}.
     */
    public <T> T withLoadedModel(String modelGroup, Predicate<LoadedModel> accept, ModelCall<T> call) {
        LoadedModel model = models.get(modelGroup);
        if (model == null || !accept.test(model) || !model.acquire()) {
            return null;
        }
        return callHeld(model, call);
    }

    private static <T> T callHeld(LoadedModel model, ModelCall<T> call) {
        try {
            model.markUsed();
            return call.apply(model);
        } catch (XGBoostError e) {
            throw new ModelLoadException(model.key() + ": prediction failed: " + e.getMessage(), e);
        } finally {
            model.release();
        }
    }

    /**
     * Lazy first load: concurrent first calls wait for one load (computeIfAbsent), the Booster answers at once,
     * and once the entry is in the map (not before, or the upgrade's replace could miss it) the Java twin is
     * built in the background and the budget enforced.
     */
    private LoadedModel loadIfAbsent(String modelGroup) {
        LoadedModel[] loadedHere = new LoadedModel[1];
        LoadedModel model = models.computeIfAbsent(modelGroup, group -> loadedHere[0] = loadDesired(group));
        if (model == loadedHere[0]) {
            upgradeLater(modelGroup, model);
            enforceBudgetLater();
        }
        return model;
    }

    /**
     * The desired version of {@code modelGroup} changed: loads it on the background executor and then
     * atomically makes it the served model; the replaced model is retired (in-flight requests finish on
     * it). Requests keep being served by the old model meanwhile. If a later swap for the same group was
     * requested before this one finished, this one is discarded.
     *
     * @return completes with the key now served, or exceptionally with {@link UnservedModelException} /
     *         {@link ModelLoadException} (the old model then stays served)
     */
    public CompletableFuture<ModelKey> swap(String modelGroup) {
        Objects.requireNonNull(modelGroup, "modelGroup");
        long generation = swapSequence.incrementAndGet();
        swapGeneration.put(modelGroup, generation);
        return CompletableFuture.supplyAsync(() -> install(modelGroup, generation, loadDesired(modelGroup)),
                backgroundExecutor);
    }

    private ModelKey install(String modelGroup, long generation, LoadedModel fresh) {
        LoadedModel[] replaced = new LoadedModel[1];
        // compute() makes "is this still the latest swap?" and the replacement one atomic step.
        LoadedModel served = models.compute(modelGroup, (group, current) -> {
            if (swapGeneration.getOrDefault(group, 0L) != generation) {
                return current;
            }
            replaced[0] = current;
            return fresh;
        });
        if (served != fresh) {
            fresh.retire();
            return served == null ? fresh.key() : served.key();
        }
        if (replaced[0] != null) {
            swaps.incrementAndGet();
            replaced[0].retire();
        }
        upgradeLater(modelGroup, fresh); // only now: the upgrade replaces the entry it finds installed
        enforceBudgetLater();
        return fresh.key();
    }

    private void enforceBudgetLater() {
        try {
            backgroundExecutor.execute(this::enforceBudget);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * Evicts least recently used models until the loaded ones fit the budget. Runs on the background
     * executor after each load (so the budget may be exceeded for a moment); {@link #cleanUp()} runs it at once.
     */
    private synchronized void enforceBudget() {
        long total = weightedSize();
        if (total <= maxWeightBytes) {
            return;
        }
        List<Map.Entry<String, LoadedModel>> oldestFirst = new ArrayList<>(models.entrySet());
        // Compared as differences: nanoTime values may wrap.
        oldestFirst.sort(Comparator.comparing(Map.Entry::getValue,
                (a, b) -> Long.signum(a.usedNanos() - b.usedNanos())));
        for (Map.Entry<String, LoadedModel> victim : oldestFirst) {
            if (total <= maxWeightBytes) {
                return;
            }
            // remove(key, value): only that model, not a newer one swapped in meanwhile.
            if (models.remove(victim.getKey(), victim.getValue())) {
                evictions.incrementAndGet();
                victim.getValue().retire();
                total -= victim.getValue().weightBytes();
            }
        }
    }

    /**
     * A Booster-served model whose Java evaluator has not been tried: compile and verify it on the background
     * executor, then replace exactly that entry (if it is still the served one) with the Java twin; the
     * Booster is retired like any replaced model, so requests in flight on it finish first.
     */
    private void upgradeLater(String modelGroup, LoadedModel model) {
        if (!(model instanceof BoosterModel booster) || booster.javaEvaluatorTried()) {
            return;
        }
        try {
            backgroundExecutor.execute(() -> upgrade(modelGroup, booster));
        } catch (RejectedExecutionException e) {
            // shutting down: the Booster keeps serving until then
        }
    }

    private void upgrade(String modelGroup, BoosterModel booster) {
        JavaForestModel java;
        try {
            java = booster.compileJava();
        } catch (Exception | LinkageError e) {
            LOG.warnf(e, "%s falls back to the XGBoost Booster engine: the Java evaluator could not be built",
                    booster.key());
            return;
        }
        if (java == null) {
            return; // compileJava logged why
        }
        java.inheritLastUse(booster);
        LoadedModel served = models.computeIfPresent(modelGroup, (group, current) -> current == booster ? java : current);
        if (served == java) {
            javaEngineLoads.incrementAndGet();
            booster.retire();
        } else {
            java.retire(); // evicted or swapped meanwhile
        }
    }

    private LoadedModel loadDesired(String modelGroup) {
        ResolvedVersion resolved;
        try {
            resolved = source.resolve(modelGroup).orElseThrow(() -> new UnservedModelException(modelGroup));
        } catch (UnservedModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelLoadException(modelGroup + ": could not resolve desired version: " + e.getMessage(), e);
        }
        ModelKey key = new ModelKey(modelGroup, resolved.version());
        byte[] bytes;
        try {
            bytes = Objects.requireNonNull(resolved.bytes().get(), "model source returned null bytes");
        } catch (RuntimeException e) {
            throw new ModelLoadException(key + ": could not fetch model bytes: " + e.getMessage(), e);
        }
        try {
            LoadedModel model = loader.load(key, verifier.verify(bytes, resolved.sha256()));
            loads.incrementAndGet();
            if (model.isJavaEngine()) {
                javaEngineLoads.incrementAndGet(); // loaders that compile synchronously (LoadedModel.load)
            }
            return model;
        } catch (ArtifactRefusedException e) {
            throw new ModelLoadException(key + ": artifact rejected: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ModelLoadException(key + ": could not load model: " + e.getMessage(), e);
        }
    }

    /** The served model of a group if it is loaded: no load, and not counted as a use (management API). */
    public Optional<LoadedModel> peek(String modelGroup) {
        return Optional.ofNullable(models.get(modelGroup));
    }

    /** Groups with a loaded model right now. */
    public Set<String> loadedGroups() {
        return Set.copyOf(models.keySet());
    }

    /** Drops a group's served model (retired, disposed once idle); the next request loads the desired version. */
    public void invalidate(String modelGroup) {
        swapGeneration.put(modelGroup, swapSequence.incrementAndGet()); // a swap still loading must not reinstall it
        LoadedModel removed = models.remove(modelGroup);
        if (removed != null) {
            evictions.incrementAndGet();
            removed.retire();
        }
    }

    /** Drops every served model (each is retired, disposed once idle); the next request reloads. */
    public void invalidateAll() {
        for (String group : models.keySet()) {
            LoadedModel removed = models.remove(group);
            if (removed != null) {
                evictions.incrementAndGet();
                removed.retire();
            }
        }
    }

    /** Runs pending eviction work now (normally done on the background executor). */
    public void cleanUp() {
        enforceBudget();
    }

    /** Total weight of the models currently held, in bytes. */
    public long weightedSize() {
        long total = 0;
        for (LoadedModel model : models.values()) {
            total += model.weightBytes();
        }
        return total;
    }

    /** Successful loads (lazy first loads, reloads after eviction, and swap loads). */
    public long loads() {
        return loads.get();
    }

    /** Loads that ended up served by the verified Java evaluator (engine {@code java}), incl. background upgrades. */
    public long javaEngineLoads() {
        return javaEngineLoads.get();
    }

    /** Loads served by the native Booster (engine {@code xgboost}). */
    public long xgboostEngineLoads() {
        return loads.get() - javaEngineLoads.get();
    }

    /** Models removed for memory pressure or by invalidation (not counting swap replacements). */
    public long evictions() {
        return evictions.get();
    }

    /** Swaps that replaced a served model with a newly loaded one. */
    public long swaps() {
        return swaps.get();
    }

    @Override
    public void close() {
        invalidateAll();
    }
}
