package dev.treeline.deployer.invocation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.DeployerMetrics;
import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.endpoint.ModelLoadException;
import dev.treeline.deployer.endpoint.UnknownModelException;
import dev.treeline.events.ModelGroupNames;

/**
 * SageMaker Runtime {@code InvokeEndpoint} on a multi-model endpoint: the same path, headers, bodies and
 * error shapes, so {@code SageMakerRuntimeClient} / boto3 {@code sagemaker-runtime} work by changing only
 * the endpoint URL. Requests are not SigV4-verified (put the endpoint behind your own network controls).
 */
@Path("/endpoints/{endpointName}/invocations")
public class InvocationResource {

    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";
    static final String VARIANT_HEADER = "x-Amzn-Invoked-Production-Variant";
    static final String VARIANT = "AllTraffic";
    private static final Logger LOG = Logger.getLogger(InvocationResource.class);

    private final ModelCache cache;
    private final DeployerConfig config;
    private final DeployerMetrics metrics;

    public InvocationResource(ModelCache cache, DeployerConfig config, DeployerMetrics metrics) {
        this.cache = cache;
        this.config = config;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invoke(@PathParam("endpointName") String endpointName,
            @HeaderParam(TARGET_MODEL) String targetModel, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("Accept") String accept, byte[] body) {
        long start = System.nanoTime();
        String served = null;
        try {
            if (!config.endpointName().equals(endpointName)) {
                throw InvocationError.validation("Endpoint " + abbreviate(endpointName) + " not found; this is "
                        + config.endpointName() + " (account " + config.account() + ")");
            }
            String model = modelName(targetModel);
            if (body != null && body.length > MAX_BODY_BYTES) {
                throw new InvocationError(413, InvocationError.VALIDATION, "request body of " + body.length
                        + " bytes exceeds the 6 MB limit (" + MAX_BODY_BYTES + " bytes)");
            }
            ResponseFormat format = ResponseFormat.negotiate(accept);
            FeatureRows rows = RequestParser.parse(contentType, body == null ? new byte[0] : body);
            float[] scores = predict(model, rows);
            served = model;
            metrics.invoked(model, System.nanoTime() - start);
            return Response.ok(format.write(scores), format.mediaType()).header(VARIANT_HEADER, VARIANT).build();
        } catch (InvocationError e) {
            metrics.failed(served, e.errorType());
            return error(e.status(), e.errorType(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "invocation failed unexpectedly");
            metrics.failed(served, InvocationError.INTERNAL);
            return error(500, InvocationError.INTERNAL, "internal failure; see the endpoint's log");
        }
    }

    private float[] predict(String model, FeatureRows rows) {
        try {
            return cache.withModel(model, loaded -> loaded.predict(rows.dense(model, loaded.numFeatures())));
        } catch (UnknownModelException e) {
            throw InvocationError.validation("model '" + model + "' is not deployed on endpoint "
                    + config.endpointName());
        } catch (ModelLoadException e) {
            metrics.failed(model, InvocationError.MODEL);
            throw new ModelFailure(e.getMessage());
        }
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

    static Response error(int status, String type, String message) {
        StringBuilder json = new StringBuilder("{\"message\":").append(quote(message));
        if (InvocationError.MODEL.equals(type)) {
            // ModelErrorException exposes these members; the model "container" here is XGBoost in-process.
            json.append(",\"OriginalStatusCode\":500,\"OriginalMessage\":").append(quote(message));
        }
        json.append('}');
        return Response.status(status).type(MediaType.APPLICATION_JSON).header("x-amzn-ErrorType", type)
                .entity(json.toString()).build();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
