package dev.treeline.deployer.endpoint;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A served model version, scored by one engine: {@link JavaForestModel} (a verified {@link CompiledForest}) or
 * {@link BoosterModel} (XGBoost's native Booster). Both carry a reference count, so that eviction or a version
 * swap can never free native memory under a running prediction (disposing a Booster during predict crashes the
 * JVM); for the Java engine the count only drives {@link #isDisposed()}.
 *
 * <p>Protocol: {@code if (m.acquire()) try { m.predict(..) } finally { m.release(); }}. {@link #retire()}
 * stops new acquisitions; native memory is freed exactly once, by whoever brings the count to zero
 * after retirement (the retiring thread itself when nothing is in flight).
 *
 * <p>State is one int: the low 31 bits count holders, the sign bit marks "retired". Keeping both in one
 * word makes "not retired, so take a reference" a single CAS, with no lock on the prediction path.
 */
public abstract sealed class LoadedModel permits JavaForestModel, BoosterModel {

    private static final int RETIRED = Integer.MIN_VALUE;
    private static final int COUNT_MASK = Integer.MAX_VALUE;

    private final ModelKey key;
    private final int weightBytes;
    private final int numFeatures;
    private final ModelSchema schema;
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicBoolean disposed = new AtomicBoolean();
    /**
     * When this version was loaded and last used. Shared with the engine that replaces this one (same version,
     * {@link #inheritLastUse}), so a request that marks its use on the model being replaced still counts.
     * Set before the model is published to other threads (through the cache's map), so a plain field.
     */
    private Uses uses = new Uses();

    /** {@code usedNanos} equal to {@code loadedNanos} means "never used"; the cache evicts the smallest first (LRU). */
    private static final class Uses {
        final long loadedNanos = System.nanoTime();
        volatile long usedNanos = loadedNanos;
    }

    LoadedModel(ModelKey key, int weightBytes, ModelSchema schema) {
        this.key = Objects.requireNonNull(key, "key");
        this.weightBytes = Math.max(1, weightBytes);
        this.schema = Objects.requireNonNull(schema, "schema");
        this.numFeatures = schema.numFeatures();
    }

    /**
     * Loads verified UBJSON/JSON model bytes (see {@link ArtifactVerifier}) and picks the engine synchronously:
     * the Java evaluator when the model is one it handles and it matches the Booster bit for bit on the
     * verification rows ({@link ForestVerifier}), else the Booster (the reason is logged). For tools and tests;
     * the model cache answers with the Booster first ({@link #loadNative}) and upgrades in the background.
     *
     * <p>The weight is the serialised model size for both engines: the Booster's native ensemble is of the
     * same order and grows linearly with it; the Java evaluator's arrays are smaller (17 bytes per node
     * against roughly 40-60 serialised), so for it the weight is an upper bound. Keeping one measure means a
     * model weighs the same whichever engine serves it, and the memory budget stays conservative.
     */
    public static LoadedModel load(ModelKey key, byte[] verifiedModelBytes) throws XGBoostError {
        BoosterModel booster = BoosterModel.fromVerifiedBytes(key, verifiedModelBytes);
        JavaForestModel java = booster.compileJava();
        if (java == null) {
            return booster;
        }
        booster.retire(); // nothing holds it: the Booster is disposed now
        return java;
    }

    /** Loads the bytes into a Booster-served model, without trying the Java evaluator yet. */
    public static BoosterModel loadNative(ModelKey key, byte[] verifiedModelBytes) throws XGBoostError {
        return BoosterModel.fromVerifiedBytes(key, verifiedModelBytes);
    }

    public ModelKey key() {
        return key;
    }

    public abstract Engine engine();

    /** Why this engine: verification figures, or why the Java evaluator is not used. */
    public abstract String engineDetail();

    /** True when predictions are plain Java (cheap enough to run on an I/O thread). */
    public final boolean isJavaEngine() {
        return engine() == Engine.JAVA;
    }

    /** Serialised model size in bytes; the cache weighs it against the memory budget. */
    public int weightBytes() {
        return weightBytes;
    }

    /** Number of features each row must have. */
    public long numFeatures() {
        return numFeatures;
    }

    /** Feature names, category dictionaries and class names (read from the model at load). */
    public ModelSchema schema() {
        return schema;
    }

    /** Records a use (the model cache calls it per request): least recently used models are evicted first. */
    void markUsed() {
        uses.usedNanos = System.nanoTime();
    }

    /** The last use on the {@link System#nanoTime()} scale (the load time when never used): the LRU order. */
    long usedNanos() {
        return uses.usedNanos;
    }

    /** When a request last used this model (epoch millis), 0 if never. */
    public long lastUsedMillis() {
        Uses u = uses;
        long used = u.usedNanos;
        return used == u.loadedNanos ? 0 : System.currentTimeMillis() - (System.nanoTime() - used) / 1_000_000;
    }

    /**
     * Shares the load and use times of the model this one replaces (same version, other engine): a use marked on
     * the replaced model by a request that held it across the swap is then this model's too. Call before this
     * model is published.
     */
    void inheritLastUse(LoadedModel replaced) {
        uses = replaced.uses;
    }

    /** Takes a reference; false when the model is retired (the caller must look the model up again). */
    public final boolean acquire() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                return false;
            }
            if (s == COUNT_MASK) {
                throw new IllegalStateException(key + ": reference count overflow");
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /** Gives back a reference taken by {@link #acquire()}; the last release of a retired model disposes it. */
    public final void release() {
        while (true) {
            int s = state.get();
            if ((s & COUNT_MASK) == 0) {
                // Never let the count go negative: that would mean disposing under someone else's prediction.
                throw new IllegalStateException(key + ": release() without a matching acquire()");
            }
            if (state.compareAndSet(s, s - 1)) {
                if (s - 1 == RETIRED) {
                    dispose();
                }
                return;
            }
        }
    }

    /** Stops new acquisitions; disposes now if nothing is in flight, else on the last release. Idempotent. */
    public final void retire() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                return;
            }
            if (state.compareAndSet(s, s | RETIRED)) {
                if (s == 0) {
                    dispose();
                }
                return;
            }
        }
    }

    public final boolean isRetired() {
        return state.get() < 0;
    }

    public final boolean isDisposed() {
        return disposed.get();
    }

    /** Current number of holders (for tests and metrics). */
    public final int refCount() {
        return state.get() & COUNT_MASK;
    }

    /**
     * Scores dense rows (NaN = missing) with a single-output model. The caller must hold a reference.
     */
    public final float[] predict(float[][] rows) throws XGBoostError {
        requireHeld();
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            return new float[0];
        }
        int width = rows[0].length;
        if (width != numFeatures) {
            throw new IllegalArgumentException(key + " expects " + numFeatures + " features per row, got " + width);
        }
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, expected " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return predict(flat, rows.length);
    }

    /**
     * Scores {@code rowCount} rows of {@link #numFeatures()} values laid out one after another in
     * {@code flat} (NaN = missing). The caller must hold a reference.
     */
    public final float[] predict(float[] flat, int rowCount) throws XGBoostError {
        requireHeld();
        if (flat.length < (long) rowCount * numFeatures) {
            throw new IllegalArgumentException(key + ": " + flat.length + " values for " + rowCount + " rows of "
                    + numFeatures);
        }
        return score(flat, rowCount);
    }

    /**
     * Scores rows already checked against {@link #numFeatures()}; {@code flat} may be longer than needed. The result
     * holds every output of every row, row after row: {@code rowCount} scores for single-output models, {@code
     * rowCount * k} class probabilities for {@code multi:softprob}.
     */
    abstract float[] score(float[] flat, int rowCount) throws XGBoostError;

    /** Frees what the engine holds outside the Java heap; called exactly once, after the last holder. */
    abstract void freeResources();

    private void requireHeld() {
        if ((state.get() & COUNT_MASK) == 0) {
            throw new IllegalStateException(key + ": predict() without acquire()");
        }
    }

    private void dispose() {
        if (disposed.compareAndSet(false, true)) {
            freeResources();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + key + ", " + engine() + ", " + weightBytes + " B, refs=" + refCount()
                + (isRetired() ? ", retired" : "") + "]";
    }
}
