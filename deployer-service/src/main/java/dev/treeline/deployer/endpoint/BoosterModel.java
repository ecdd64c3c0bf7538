package dev.treeline.deployer.endpoint;

import java.util.Arrays;

import org.jboss.logging.Logger;

import dev.treeline.events.DatasetSchema;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A model scored by XGBoost's native Booster: how every load starts (a cold request is answered at once), and
 * what keeps serving a model the Java evaluator does not handle (dart, gblinear, a stored category encoder,
 * multi-output, other objectives) or that failed verification. {@code Booster.inplace_predict} is thread-safe for
 * gbtree, so requests share one Booster without locking; it is disposed after the last one.
 */
public final class BoosterModel extends LoadedModel {

    private static final Logger LOG = Logger.getLogger(BoosterModel.class);
    private static final String NOT_TRIED = "Java evaluator not tried yet";

    private final Booster booster;
    /** gblinear has no inplace_predict: such Boosters predict through a DMatrix. */
    private final boolean inplacePredict;
    /** What {@link #compileJava()} found (why the Java evaluator cannot serve, or that it took over); null until it ran. */
    private volatile String fallbackReason;

    private BoosterModel(ModelKey key, Booster booster, int weightBytes, ModelSchema schema, boolean inplacePredict) {
        super(key, weightBytes, schema);
        this.booster = booster;
        this.inplacePredict = inplacePredict;
    }

    /** Loads verified model bytes into a Booster, without trying the Java evaluator yet. */
    static BoosterModel fromVerifiedBytes(ModelKey key, byte[] verifiedModelBytes) throws XGBoostError {
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
            int numFeatures = Math.toIntExact(booster.getNumFeature());
            return new BoosterModel(key, booster, verifiedModelBytes.length, schema(booster, numFeatures),
                    supportsInplacePredict(booster, numFeatures));
        } catch (XGBoostError | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /**
     * The dataset schema stored in the model ({@value DatasetSchema#BOOSTER_ATTRIBUTE}), or a numeric one with the
     * Booster's feature names. A stored schema that does not fit the model refuses the load: serving it would map
     * the values users send to the wrong codes.
     */
    private static ModelSchema schema(Booster booster, int numFeatures) throws XGBoostError {
        String[] names = booster.getFeatureNames();
        String attribute = booster.getAttr(DatasetSchema.BOOSTER_ATTRIBUTE);
        if (attribute == null || attribute.isBlank()) {
            return ModelSchema.numeric(numFeatures, names);
        }
        try {
            ModelSchema schema = ModelSchema.parse(attribute, booster.getAttr(DatasetSchema.TRAINED_CODES_ATTRIBUTE),
                    numFeatures, names);
            // Only a two-class text label needs the objective (margin or probability); reading it costs a JSON export
            return schema.classes().size() == 2 ? schema.forObjective(objective(booster)) : schema;
        } catch (IllegalArgumentException e) {
            throw new XGBoostError("the model's " + DatasetSchema.BOOSTER_ATTRIBUTE + " attribute is unusable: "
                    + e.getMessage());
        }
    }

    /** The model's objective name from its JSON ({@code learner.objective.name}); null when it cannot be read. */
    private static String objective(Booster booster) throws XGBoostError {
        try {
            return JSON.readTree(booster.toByteArray("json")).path("learner").path("objective").path("name")
                    .asText(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The Java-engine twin of this model: exported as JSON, compiled, and verified bit-exact against this
     * Booster (which keeps serving meanwhile). Null when the model cannot be evaluated in Java or verification
     * fails: the fallback is logged at WARN and {@link #engineDetail()} then says why.
     */
    public JavaForestModel compileJava() throws XGBoostError {
        if (!acquire()) {
            return null;
        }
        try {
            String why;
            try {
                XgboostJsonForest.Parsed parsed = XgboostJsonForest.read(booster.toByteArray("json"),
                        (int) numFeatures());
                ForestVerifier.Result verified = ForestVerifier.verify(booster, parsed.candidates());
                if (verified.forest().isPresent()) {
                    CompiledForest forest = verified.forest().get();
                    String detail = forest.numTrees() + " trees, " + forest.objective() + ", " + verified.detail();
                    LOG.infof("%s served by the Java evaluator (%s)", key(), detail);
                    fallbackReason = "replaced by the Java evaluator";
                    return new JavaForestModel(key(), forest, detail, weightBytes(), schema());
                }
                why = "Java evaluator " + verified.detail();
            } catch (XgboostJsonForest.Unsupported e) {
                why = "not evaluable in Java: " + e.getMessage();
            }
            LOG.warnf("%s falls back to the XGBoost Booster engine: %s", key(), why);
            fallbackReason = why;
            return null;
        } finally {
            release();
        }
    }

    /** True once {@link #compileJava()} has run: the model cache then has nothing left to upgrade. */
    public boolean javaEvaluatorTried() {
        return fallbackReason != null;
    }

    @Override
    public Engine engine() {
        return Engine.XGBOOST;
    }

    @Override
    public String engineDetail() {
        String reason = fallbackReason;
        return reason == null ? NOT_TRIED : reason;
    }

    @Override
    float[] score(float[] flat, int rowCount) throws XGBoostError {
        int width = (int) numFeatures();
        // inplace_predict skips building a DMatrix (whose constructor runs an all-cores OpenMP region per
        // call); with nthread=1 on the booster a small request costs one thread and no scheduling.
        if (flat.length != rowCount * width) {
            flat = Arrays.copyOf(flat, rowCount * width); // the native call gets exactly the rows
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
        // every output of every row, row after row: one score, or one probability per class (multi:softprob)
        int outputs = raw.length == 0 ? 1 : raw[0].length;
        float[] out = new float[raw.length * outputs];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].length != outputs) {
                throw new IllegalStateException(key() + ": row " + i + " has " + raw[i].length + " outputs, not "
                        + outputs);
            }
            System.arraycopy(raw[i], 0, out, i * outputs, outputs);
        }
        return out;
    }

    @Override
    void freeResources() {
        booster.dispose();
    }

    private static boolean supportsInplacePredict(Booster booster, int numFeatures) {
        try {
            float[] missing = new float[numFeatures];
            Arrays.fill(missing, Float.NaN);
            booster.inplace_predict(missing, 1, numFeatures, Float.NaN);
            return true;
        } catch (XGBoostError e) {
            return false; // e.g. gblinear: "Inplace predict is not supported by the current booster"
        }
    }
}
