package dev.treeline.deployer.endpoint;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A native Booster plus a reference count, so that eviction or a version swap can never free native
 * memory under a running prediction (disposing a Booster during predict crashes the JVM).
 *
 * <p>Protocol: {@code if (m.acquire()) try { m.predict(..) } finally { m.release(); }}. {@link #retire()}
 * stops new acquisitions; the Booster is disposed exactly once, by whoever brings the count to zero
 * after retirement (the retiring thread itself when nothing is in flight).
 *
 * <p>State is one int: the low 31 bits count holders, the sign bit marks "retired". Keeping both in one
 * word makes "not retired, so take a reference" a single CAS, with no lock on the prediction path.
 */
public final class LoadedModel {

    private static final int RETIRED = Integer.MIN_VALUE;
    private static final int COUNT_MASK = Integer.MAX_VALUE;

    private final ModelKey key;
    private final Booster booster;
    private final int weightBytes;
    private final long numFeatures;
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicBoolean disposed = new AtomicBoolean();
    /** Wall-clock millis of the last acquisition, for the management API's "last use". */
    private volatile long lastUsedMillis;

    LoadedModel(ModelKey key, Booster booster, int weightBytes) throws XGBoostError {
        this.key = Objects.requireNonNull(key, "key");
        this.booster = Objects.requireNonNull(booster, "booster");
        this.weightBytes = Math.max(1, weightBytes);
        this.numFeatures = booster.getNumFeature();
    }

    /**
     * Loads verified UBJSON/JSON model bytes (see {@link ArtifactVerifier}). The weight is the serialised
     * model size: the in-memory tree ensemble is of the same order and grows linearly with it, which is
     * what a relative memory budget needs; it is a proxy, not a measurement of native heap.
     */
    public static LoadedModel load(ModelKey key, byte[] verifiedModelBytes) throws XGBoostError {
        Booster booster;
        try {
            booster = XGBoost.loadModel(verifiedModelBytes);
        } catch (java.io.IOException e) {
            throw new XGBoostError("could not read model bytes: " + e.getMessage(), e);
        }
        try {
            // One OpenMP thread per prediction: requests already run in parallel, and XGBoost's default
            // (all cores per call) makes concurrent small predictions fight over threads (4x slower here).
            // Set once before the model is shared: setParam must not run concurrently with predict.
            booster.setParam("nthread", "1");
            return new LoadedModel(key, booster, verifiedModelBytes.length);
        } catch (XGBoostError | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    public ModelKey key() {
        return key;
    }

    /** Serialised model size in bytes; the cache's weigher uses it against the memory budget. */
    public int weightBytes() {
        return weightBytes;
    }

    /** Number of features each row must have. */
    public long numFeatures() {
        return numFeatures;
    }

    /** When a request last used this model (epoch millis), 0 if never. */
    public long lastUsedMillis() {
        return lastUsedMillis;
    }

    /** Takes a reference; false when the model is retired (the caller must look the model up again). */
    public boolean acquire() {
        while (true) {
            int s = state.get();
            if (s < 0) {
                return false;
            }
            if (s == COUNT_MASK) {
                throw new IllegalStateException(key + ": reference count overflow");
            }
            if (state.compareAndSet(s, s + 1)) {
                lastUsedMillis = System.currentTimeMillis();
                return true;
            }
        }
    }

    /** Gives back a reference taken by {@link #acquire()}; the last release of a retired model disposes it. */
    public void release() {
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
    public void retire() {
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

    public boolean isRetired() {
        return state.get() < 0;
    }

    public boolean isDisposed() {
        return disposed.get();
    }

    /** Current number of holders (for tests and metrics). */
    public int refCount() {
        return state.get() & COUNT_MASK;
    }

    /**
     * Scores dense rows (NaN = missing) with a single-output model. The caller must hold a reference.
     * Booster.inplace_predict is thread-safe for gbtree, so many requests share one Booster without locking.
     */
    public float[] predict(float[][] rows) throws XGBoostError {
        if ((state.get() & COUNT_MASK) == 0) {
            throw new IllegalStateException(key + ": predict() without acquire()");
        }
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            return new float[0];
        }
        int width = rows[0].length;
        if (width != numFeatures) {
            throw new IllegalArgumentException(
                    key + " expects " + numFeatures + " features per row, got " + width);
        }
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, expected " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        // inplace_predict skips building a DMatrix (whose constructor runs an all-cores OpenMP region per
        // call); with nthread=1 on the booster a small request costs one thread and no scheduling.
        float[][] raw = booster.inplace_predict(flat, rows.length, width, Float.NaN);
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].length != 1) {
                throw new IllegalStateException(key + " is a multi-output model; only single-output is served");
            }
            out[i] = raw[i][0];
        }
        return out;
    }

    private void dispose() {
        if (disposed.compareAndSet(false, true)) {
            booster.dispose();
        }
    }

    @Override
    public String toString() {
        return "LoadedModel[" + key + ", " + weightBytes + " B, refs=" + refCount() + (isRetired() ? ", retired" : "") + "]";
    }
}
