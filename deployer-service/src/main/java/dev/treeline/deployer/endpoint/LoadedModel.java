package dev.treeline.deployer.endpoint;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A served model: either a {@link CompiledForest} verified bit-exact against XGBoost at load (engine
 * {@code java}: plain arrays, the Booster is disposed right after verification) or the native Booster
 * itself (engine {@code xgboost}: dart, gblinear, categorical splits, multi-output, other objectives, or a
 * forest that failed verification). Both carry a reference count, so that eviction or a version swap can
 * never free native memory under a running prediction (disposing a Booster during predict crashes the JVM);
 * for the Java engine the count only drives {@link #isDisposed()}.
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

    private static final Logger LOG = Logger.getLogger(LoadedModel.class);
    public static final String ENGINE_JAVA = "java";
    public static final String ENGINE_XGBOOST = "xgboost";

    private final ModelKey key;
    /** Null when the Java evaluator serves. */
    private final Booster booster;
    /** Null when the Booster serves. */
    private final CompiledForest forest;
    private volatile String engineDetail;
    private volatile boolean javaPending;
    /** gblinear has no inplace_predict: such Boosters predict through a DMatrix. */
    private final boolean inplacePredict;
    private final int weightBytes;
    private final long numFeatures;
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicBoolean disposed = new AtomicBoolean();
    /** Wall-clock millis of the last acquisition, for the management API's "last use". */
    private volatile long lastUsedMillis;

    private LoadedModel(ModelKey key, Booster booster, CompiledForest forest, String engineDetail, int weightBytes,
            long numFeatures) {
        this(key, booster, forest, engineDetail, weightBytes, numFeatures, true);
    }

    private LoadedModel(ModelKey key, Booster booster, CompiledForest forest, String engineDetail, int weightBytes,
            long numFeatures, boolean inplacePredict) {
        this.key = Objects.requireNonNull(key, "key");
        if ((booster == null) == (forest == null)) {
            throw new IllegalArgumentException("exactly one of booster and forest");
        }
        this.booster = booster;
        this.forest = forest;
        this.engineDetail = engineDetail;
        this.inplacePredict = inplacePredict;
        this.weightBytes = Math.max(1, weightBytes);
        this.numFeatures = numFeatures;
    }

    /**
     * Loads verified UBJSON/JSON model bytes (see {@link ArtifactVerifier}) and picks the engine: the Java
     * evaluator when the model is one it handles and it matches the Booster bit for bit on the
     * verification rows ({@link ForestVerifier}), else the Booster (the reason is logged).
     *
     * <p>The weight is the serialised model size for both engines: the Booster's native ensemble is of the
     * same order and grows linearly with it; the Java evaluator's arrays are smaller (17 bytes per node
     * against roughly 40-60 serialised), so for it the weight is an upper bound. Keeping one measure means a
     * model weighs the same whichever engine serves it, and the memory budget stays conservative.
     */
    public static LoadedModel load(ModelKey key, byte[] verifiedModelBytes) throws XGBoostError {
        LoadedModel booster = loadNative(key, verifiedModelBytes);
        LoadedModel java = booster.compileJava();
        if (java == null) {
            return booster;
        }
        booster.retire(); // nothing holds it: the Booster is disposed now
        return java;
    }

    /**
     * Loads the bytes into a Booster-served model, without trying the Java evaluator yet: the fast way to
     * answer a cold request. {@link #compileJava()} later builds the verified Java twin (the model cache does
     * that in the background and swaps it in).
     */
    public static LoadedModel loadNative(ModelKey key, byte[] verifiedModelBytes) throws XGBoostError {
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
            long numFeatures = booster.getNumFeature();
            LoadedModel model = new LoadedModel(key, booster, null, "Java evaluator not tried yet",
                    verifiedModelBytes.length, numFeatures, supportsInplacePredict(booster, numFeatures));
            model.javaPending = true;
            return model;
        } catch (XGBoostError | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /**
     * The Java-engine twin of this Booster-served model: exported as JSON, compiled, and verified bit-exact
     * against this Booster (which keeps serving meanwhile: inplace_predict is thread-safe). Null when the
     * model cannot be evaluated in Java or verification fails; {@link #engineDetail()} then says why.
     */
    public LoadedModel compileJava() throws XGBoostError {
        if (booster == null || !acquire()) {
            return null;
        }
        try {
            String why;
            try {
                XgboostJsonForest.Parsed parsed = XgboostJsonForest.read(booster.toByteArray("json"),
                        Math.toIntExact(numFeatures));
                ForestVerifier.Result verified = ForestVerifier.verify(booster, parsed.candidates());
                if (verified.forest().isPresent()) {
                    CompiledForest forest = verified.forest().get();
                    String detail = forest.numTrees() + " trees, " + forest.objective() + ", " + verified.detail();
                    LOG.infof("%s served by the Java evaluator (%s)", key, detail);
                    return new LoadedModel(key, null, forest, detail, weightBytes, numFeatures);
                }
                why = "Java evaluator " + verified.detail();
            } catch (XgboostJsonForest.Unsupported e) {
                why = "not evaluable in Java: " + e.getMessage();
            }
            LOG.infof("%s served by XGBoost: %s", key, why);
            engineDetail = why;
            return null;
        } finally {
            javaPending = false;
            release();
        }
    }

    /** Carries the last use over from the model this one replaces (same version, other engine). */
    void inheritLastUse(LoadedModel replaced) {
        lastUsedMillis = Math.max(lastUsedMillis, replaced.lastUsedMillis);
    }

    /** True for a Booster-served model whose Java twin has not been tried yet ({@link #compileJava()}). */
    public boolean javaPending() {
        return javaPending;
    }

    private static boolean supportsInplacePredict(Booster booster, long numFeatures) {
        try {
            float[] missing = new float[(int) numFeatures];
            java.util.Arrays.fill(missing, Float.NaN);
            booster.inplace_predict(missing, 1, (int) numFeatures, Float.NaN);
            return true;
        } catch (XGBoostError e) {
            return false; // e.g. gblinear: "Inplace predict is not supported by the current booster"
        }
    }

    public ModelKey key() {
        return key;
    }

    /** {@code java} (verified {@link CompiledForest}) or {@code xgboost} (native Booster). */
    public String engine() {
        return forest != null ? ENGINE_JAVA : ENGINE_XGBOOST;
    }

    /** Why this engine: verification figures, or why the Java evaluator is not used. */
    public String engineDetail() {
        return engineDetail;
    }

    /** True when predictions are plain Java (cheap enough to run on an I/O thread). */
    public boolean isJavaEngine() {
        return forest != null;
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
        return predict(flat, rows.length);
    }

    /**
     * Scores {@code rowCount} rows of {@link #numFeatures()} values laid out one after another in
     * {@code flat} (NaN = missing). The caller must hold a reference.
     */
    public float[] predict(float[] flat, int rowCount) throws XGBoostError {
        if ((state.get() & COUNT_MASK) == 0) {
            throw new IllegalStateException(key + ": predict() without acquire()");
        }
        int width = (int) numFeatures;
        if (flat.length < (long) rowCount * width) {
            throw new IllegalArgumentException(key + ": " + flat.length + " values for " + rowCount + " rows of " + width);
        }
        if (forest != null) {
            return forest.predictRows(flat, rowCount);
        }
        // inplace_predict skips building a DMatrix (whose constructor runs an all-cores OpenMP region per
        // call); with nthread=1 on the booster a small request costs one thread and no scheduling.
        if (flat.length != rowCount * width) {
            flat = java.util.Arrays.copyOf(flat, rowCount * width); // the native call gets exactly the rows
        }
        float[][] raw;
        if (inplacePredict) {
            raw = booster.inplace_predict(flat, rowCount, width, Float.NaN);
        } else {
            DMatrix matrix = new DMatrix(flat, rowCount, width, Float.NaN);
            try {
                raw = booster.predict(matrix);
            } finally {
                matrix.dispose();
            }
        }
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
        if (disposed.compareAndSet(false, true) && booster != null) {
            booster.dispose();
        }
    }

    @Override
    public String toString() {
        return "LoadedModel[" + key + ", " + engine() + ", " + weightBytes + " B, refs=" + refCount() + (isRetired() ? ", retired" : "") + "]";
    }
}
