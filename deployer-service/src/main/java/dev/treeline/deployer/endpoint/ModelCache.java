package dev.treeline.deployer.endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * In-memory models of the multi-model endpoint, one served {@link LoadedModel} per model group,
 * bounded by a memory budget.
 *
 * <ul>
 * <li>Keyed by model group (not by version) so that a swap is a single atomic replace of the served
 * entry: a request either sees the old model or the new one, never a gap.</li>
 * <li>Weight = {@link LoadedModel#weightBytes()}, bound = {@code maxWeightBytes}. Eviction is least
 * recently used first: Caffeine keeps the access order ({@code expireAfterAccess} that never fires) and
 * {@link #enforceBudget()} removes the oldest entries after each load until the rest fit. (Caffeine's own
 * size bound, W-TinyLFU, would refuse a newly loaded model called fewer times than the victim, so a
 * round-robin over more models than fit would keep evicting the one just loaded.)</li>
 * <li>Every removal (size eviction, invalidation, swap replacement) only <em>retires</em> the model;
 * the Booster is disposed after the last in-flight prediction releases it.</li>
 * <li>Cache maintenance and removal notifications run on {@code backgroundExecutor}, so the budget may
 * be exceeded briefly and a retire may land shortly after the removal; both are harmless here.</li>
 * </ul>
 */
public final class ModelCache implements AutoCloseable {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ModelCache.class);

    /**
     * A retired hit means a concurrent eviction or swap won the race between lookup and acquire; the next
     * lookup sees the fresh entry. A few attempts (not one) so a burst of invalidations cannot fail a request.
     */
    private static final int MAX_ACQUIRE_ATTEMPTS = 3;

    private final ModelSource source;
    private final ArtifactVerifier verifier;
    private final ModelLoader loader;
    private final Executor backgroundExecutor;
    private final Cache<String, LoadedModel> models;
    private final long maxWeightBytes;
    /** Set by a lazy load on the calling thread, so the budget is enforced once the entry is inserted. */
    private final ThreadLocal<Boolean> loadedHere = ThreadLocal.withInitial(() -> false);
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
        this.models = Caffeine.newBuilder()
                // Access order only (never expires in practice): oldest() then lists models least recently used
                // first, which enforceBudget() evicts. Caffeine's own size bound (W-TinyLFU) would instead
                // refuse a newly loaded model whose call count is lower than the victim's.
                .expireAfterAccess(Duration.ofDays(36_500))
                .executor(backgroundExecutor)
                .removalListener((String group, LoadedModel model, RemovalCause cause) -> onRemoval(model, cause))
                .build();
    }

    /**
     * Scores rows with the group's served model, loading the desired version on first use. Concurrent
     * first calls share one load (Caffeine computes each absent key once).
     *
     * @throws UnknownModelException when the source has no version for the group
     * @throws ModelLoadException when fetching, verifying or loading fails, or prediction fails natively
     */
    public float[] predict(String modelGroup, float[][] rows) {
        return withModel(modelGroup, model -> model.predict(rows));
    }

    /** Work done with a served model while holding a reference to it (so it cannot be disposed meanwhile). */
    @FunctionalInterface
    public interface ModelCall<T> {
        T apply(LoadedModel model) throws ml.dmlc.xgboost4j.java.XGBoostError;
    }

    /**
     * Runs {@code call} with the group's served model, loading the desired version on first use; the same
     * guarantees as {@link #predict(String, float[][])}. Exceptions other than XGBoost's pass through.
     */
    public <T> T withModel(String modelGroup, ModelCall<T> call) {
        Objects.requireNonNull(modelGroup, "modelGroup");
        for (int attempt = 0; attempt < MAX_ACQUIRE_ATTEMPTS; attempt++) {
            LoadedModel model = models.get(modelGroup, this::loadLazily);
            if (loadedHere.get()) { // this thread loaded it and the entry is in the map now
                loadedHere.set(false);
                upgradeLater(modelGroup, model);
                enforceBudgetLater();
            }
            if (!model.acquire()) {
                continue;
            }
            try {
                return call.apply(model);
            } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
                throw new ModelLoadException(model.key() + ": prediction failed: " + e.getMessage(), e);
            } finally {
                model.release();
            }
        }
        throw new ModelLoadException(modelGroup + ": model was evicted " + MAX_ACQUIRE_ATTEMPTS
                + " times between lookup and use; memory budget too small for it?");
    }

    /**
     * Runs {@code call} with the group's served model only if it is loaded already and {@code accept}s it;
     * returns null otherwise, without loading or blocking (the caller then takes the {@link #withModel}
     * path on a thread that may block). Counts as a use for the eviction policy, like {@link #withModel}.
     */
    public <T> T withLoadedModel(String modelGroup, java.util.function.Predicate<LoadedModel> accept,
            ModelCall<T> call) {
        LoadedModel model = models.getIfPresent(modelGroup);
        if (model == null || !accept.test(model) || !model.acquire()) {
            return null;
        }
        try {
            return call.apply(model);
        } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
            throw new ModelLoadException(model.key() + ": prediction failed: " + e.getMessage(), e);
        } finally {
            model.release();
        }
    }

    /**
     * The desired version of {@code modelGroup} changed: loads it on the background executor and then
     * atomically makes it the served model; the replaced model is retired (in-flight requests finish on
     * it). Requests keep being served by the old model meanwhile. If a later swap for the same group was
     * requested before this one finished, this one is discarded.
     *
     * @return completes with the key now served, or exceptionally with {@link UnknownModelException} /
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
        // compute() makes "is this still the latest swap?" and the replacement one atomic step;
        // Caffeine reports the replaced value to the removal listener (cause REPLACED), which retires it.
        LoadedModel served = models.asMap().compute(modelGroup, (group, current) -> {
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
        }
        upgradeLater(modelGroup, fresh); // only now: the upgrade replaces the entry it finds installed
        enforceBudgetLater();
        return fresh.key();
    }

    /**
     * Lazy first load: the Booster answers at once. Caffeine computes on the calling thread, so the flag tells
     * {@link #withModel} (once the entry is inserted: not before, or the upgrade's replace could miss it) to
     * build the Java twin in the background and to enforce the budget.
     */
    private LoadedModel loadLazily(String modelGroup) {
        LoadedModel model = loadDesired(modelGroup);
        loadedHere.set(true);
        return model;
    }

    private void enforceBudgetLater() {
        try {
            backgroundExecutor.execute(this::enforceBudget);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * Evicts least recently used models until the loaded ones fit the budget. Runs on the background
     * executor after each load (so the budget may be exceeded for a moment, as with any async eviction);
     * {@link #cleanUp()} runs it at once.
     */
    private synchronized void enforceBudget() {
        long total = weightedSize();
        while (total > maxWeightBytes) {
            Map<String, LoadedModel> oldest = models.policy().expireAfterAccess().orElseThrow().oldest(1);
            if (oldest.isEmpty()) {
                return;
            }
            Map.Entry<String, LoadedModel> victim = oldest.entrySet().iterator().next();
            // remove(key, value): only that model, not a newer one swapped in meanwhile; the listener retires it.
            models.asMap().remove(victim.getKey(), victim.getValue()); // counted as an eviction by onRemoval
            total = weightedSize();
        }
    }

    /**
     * A Booster-served model whose Java evaluator has not been tried: compile and verify it on the background
     * executor, then replace exactly that entry (if it is still the served one) with the Java twin; the
     * Booster is retired like any replaced model, so requests in flight on it finish first.
     */
    private void upgradeLater(String modelGroup, LoadedModel model) {
        if (!model.javaPending()) {
            return;
        }
        try {
            backgroundExecutor.execute(() -> upgrade(modelGroup, model));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the Booster keeps serving until then
        }
    }

    private void upgrade(String modelGroup, LoadedModel model) {
        {
            LoadedModel java;
            try {
                java = model.compileJava();
            } catch (Exception | LinkageError e) {
                LOG.warnf(e, "%s: Java evaluator could not be built; XGBoost keeps serving", model.key());
                return;
            }
            if (java == null) {
                return;
            }
            LoadedModel served = models.asMap().computeIfPresent(modelGroup, (group, current) -> {
                if (current != model) {
                    return current;
                }
                javaEngineLoads.incrementAndGet();
                java.inheritLastUse(model);
                return java;
            });
            if (served != java) {
                java.retire(); // evicted or swapped meanwhile
            }
        }
    }

    private LoadedModel loadDesired(String modelGroup) {
        ResolvedVersion resolved;
        try {
            resolved = source.resolve(modelGroup).orElseThrow(() -> new UnknownModelException(modelGroup));
        } catch (UnknownModelException e) {
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
        } catch (ArtifactIntegrityException e) {
            throw new ModelLoadException(key + ": artifact rejected: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ModelLoadException(key + ": could not load model: " + e.getMessage(), e);
        }
    }

    private void onRemoval(LoadedModel model, RemovalCause cause) {
        if (model == null) {
            return;
        }
        if (cause != RemovalCause.REPLACED) {
            evictions.incrementAndGet();
        }
        model.retire();
    }

    /** The served model of a group if it is loaded (no load is triggered). */
    public java.util.Optional<LoadedModel> peek(String modelGroup) {
        // Quietly: listing models (management API) must not count as a use for LRU.
        return java.util.Optional.ofNullable(models.policy().getIfPresentQuietly(modelGroup));
    }

    /** Groups with a loaded model right now. */
    public java.util.Set<String> loadedGroups() {
        return java.util.Set.copyOf(models.asMap().keySet());
    }

    /** Drops a group's served model (retired, disposed once idle); the next request loads the desired version. */
    public void invalidate(String modelGroup) {
        swapGeneration.put(modelGroup, swapSequence.incrementAndGet()); // a swap still loading must not reinstall it
        models.invalidate(modelGroup);
    }

    /** Drops every served model (each is retired, disposed once idle); the next request reloads. */
    public void invalidateAll() {
        models.invalidateAll();
    }

    /** Runs pending eviction work now (normally done on the background executor). */
    public void cleanUp() {
        models.cleanUp();
        enforceBudget();
    }

    /** Total weight of the models currently held, in bytes. */
    public long weightedSize() {
        long total = 0;
        for (LoadedModel model : models.asMap().values()) {
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
        models.invalidateAll();
        models.cleanUp();
    }
}
