package dev.treeline.deployer.invocation;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.treeline.support.security.sigv4.AwsErrorResponse;
import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.DeployerMetrics;
import dev.treeline.deployer.endpoint.LoadedModel;
import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.endpoint.ModelLoadException;
import dev.treeline.deployer.endpoint.ModelSchema;
import dev.treeline.deployer.endpoint.UnservedModelException;
import dev.treeline.events.ModelGroupNames;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * SageMaker Runtime {@code InvokeEndpoint} on a multi-model endpoint, independent of the HTTP layer
 * ({@link InvocationRoutes} carries it): validation, parsing, prediction, metrics, and the error shapes the
 * AWS SDKs parse. Split in two steps so the HTTP layer can answer on the I/O thread when the model is
 * already loaded and evaluated in Java ({@link #tryPredictInline}), and go to a worker thread only to load
 * a model from the bucket or to call the native Booster ({@link #predict}).
 */
@ApplicationScoped
public class InvocationHandler {

    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";
    static final String VARIANT_HEADER = "x-Amzn-Invoked-Production-Variant";
    static final String VARIANT = "AllTraffic";
    private static final Logger LOG = Logger.getLogger(InvocationHandler.class);

    private final ModelCache cache;
    private final DeployerConfig config;
    private final DeployerMetrics metrics;

    public InvocationHandler(ModelCache cache, DeployerConfig config, DeployerMetrics metrics) {
        this.cache = cache;
        this.config = config;
        this.metrics = metrics;
    }

    /** A validated, parsed request waiting for its model. */
    public record Request(String model, ResponseFormat format, FeatureRows rows, long startNanos) {
    }

    /** The scores of a request and the schema of the model that gave them (class names for the answer). */
    public record Scored(float[] scores, ModelSchema schema) {
    }

    /** Validates and parses; throws {@link InvocationError} (already counted) for anything malformed. */
    public Request prepare(String endpointName, String targetModel, String contentType, String accept, byte[] body,
            long bodyLength, long startNanos) {
        try {
            if (!config.endpointName().equals(endpointName)) {
                throw InvocationError.validation("Endpoint " + abbreviate(endpointName) + " not found; this is "
                        + config.endpointName() + " (account " + config.account() + ")");
            }
            String model = modelName(targetModel);
            if (bodyLength > MAX_BODY_BYTES) {
                throw new InvocationError(413, InvocationError.VALIDATION, "request body of " + bodyLength
                        + " bytes exceeds the 6 MB limit (" + MAX_BODY_BYTES + " bytes)");
            }
            ResponseFormat format = ResponseFormat.negotiate(accept);
            FeatureRows rows = RequestParser.parse(contentType, body == null ? new byte[0] : body);
            return new Request(model, format, rows, startNanos);
        } catch (InvocationError e) {
            metrics.failed(null, e.errorType());
            throw e;
        }
    }

    /**
     * Scores the request if its model is loaded and served by the Java engine, without blocking and without
     * loading anything; null otherwise (then call {@link #predict} on a worker thread).
     */
    public Scored tryPredictInline(Request request) {
        try {
            Scored scores = cache.withLoadedModel(request.model(), LoadedModel::isJavaEngine,
                    loaded -> score(request, loaded));
            if (scores != null) {
                metrics.invoked(request.model(), System.nanoTime() - request.startNanos());
            }
            return scores;
        } catch (InvocationError e) {
            metrics.failed(request.model(), e.errorType());
            throw e;
        } catch (RuntimeException e) {
            throw internal(request.model(), e);
        }
    }

    /** Scores the request, loading the model on first use; may block (S3, XGBoost). */
    public Scored predict(Request request) {
        String model = request.model();
        try {
            Scored scores = cache.withModel(model, loaded -> score(request, loaded));
            metrics.invoked(model, System.nanoTime() - request.startNanos());
            return scores;
        } catch (UnservedModelException e) {
            metrics.failed(null, InvocationError.VALIDATION);
            throw InvocationError.validation("model '" + model + "' is not deployed on endpoint "
                    + config.endpointName());
        } catch (ModelLoadException e) {
            metrics.failed(model, InvocationError.MODEL);
            throw new ModelFailure(e.getMessage());
        } catch (InvocationError e) {
            metrics.failed(model, e.errorType());
            throw e;
        } catch (RuntimeException e) {
            throw internal(model, e);
        }
    }

    /** Maps the rows with the model's schema, scores them, and counts the categorical values it never saw. */
    private Scored score(Request request, LoadedModel loaded) throws XGBoostError {
        FeatureRows rows = request.rows();
        ModelSchema schema = loaded.schema();
        float[] scores = loaded.predict(rows.flat(request.model(), schema), rows.count());
        int[] unseen = rows.unseen();
        if (unseen != null) {
            metrics.unseenCategories(request.model(), schema, unseen);
        }
        return new Scored(scores, schema);
    }

    private InvocationError internal(String model, RuntimeException e) {
        LOG.errorf(e, "invocation of %s failed unexpectedly", model);
        metrics.failed(null, InvocationError.INTERNAL);
        return new InvocationError(500, InvocationError.INTERNAL, "internal failure; see the endpoint's log");
    }

    /** Accepts {@code name} and {@code name.tar.gz} (what SageMaker clients send); the name is a model group. */
    static String modelName(String targetModel) {
        if (targetModel == null || targetModel.isBlank()) {
            throw InvocationError.validation("header " + TARGET_MODEL + " is required: this is a multi-model"
                    + " endpoint, name the model (e.g. churn-model or churn-model.tar.gz)");
        }
        String name = targetModel.endsWith(".tar.gz") ? targetModel.substring(0, targetModel.length() - 7)
                : targetModel;
        if (!ModelGroupNames.isValid(name)) {
            throw InvocationError.validation("target model '" + abbreviate(targetModel) + "' is invalid: "
                    + ModelGroupNames.RULE + " (optionally followed by .tar.gz)");
        }
        return name;
    }

    /** A model that could not be loaded or failed natively: SageMaker's ModelError (424). */
    static final class ModelFailure extends InvocationError {
        ModelFailure(String message) {
            super(424, InvocationError.MODEL, message);
        }
    }

    /** The JSON body of an error in the SageMaker Runtime protocol (the type goes in {@code x-amzn-ErrorType}). */
    static String errorBody(String type, String message) {
        StringBuilder json = new StringBuilder("{\"message\":").append(AwsErrorResponse.jsonString(message));
        if (InvocationError.MODEL.equals(type)) {
            // ModelErrorException exposes these members; the model "container" here is XGBoost in-process.
            json.append(",\"OriginalStatusCode\":500,\"OriginalMessage\":").append(AwsErrorResponse.jsonString(message));
        }
        return json.append('}').toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
