package dev.treeline.deployer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.restassured.response.Response;

/** Calls the endpoint over HTTP the way SageMaker clients do: SigV4-signed with a key of the registry's table. */
public final class Invocations {

    public static final String ENDPOINT = "/endpoints/treeline-sandbox/invocations";

    private Invocations() {
    }

    /** A URL on the management interface (random port in tests), e.g. {@code /health/ready}, {@code /metrics}. */
    public static String management(String path) {
        String root = io.quarkus.test.common.http.TestHTTPResourceManager.getManagementUri();
        return (root.endsWith("/q") ? root : root + "/q") + path;
    }

    public static String csv(float[][] rows) {
        StringJoiner lines = new StringJoiner("\n");
        for (float[] row : rows) {
            StringJoiner fields = new StringJoiner(",");
            for (float v : row) {
                fields.add(Float.toString(v));
            }
            lines.add(fields.toString());
        }
        return lines.toString();
    }

    /** Signed with the standard invoker key (published first if the running deployer does not serve it yet). */
    public static Response invoke(String model, String contentType, String accept, String body) {
        TestAccessKeys.ensurePublished();
        return SignedRequests.signed(TestAccessKeys.INVOKER, ENDPOINT, body.getBytes(StandardCharsets.UTF_8),
                        Map.of("X-Amzn-SageMaker-Target-Model", model))
                .contentType(contentType).accept(accept).when().post(ENDPOINT);
    }

    /** Scores for the rows, or an AssertionError with the error body. */
    public static float[] predict(String model, float[][] rows) {
        Response r = invoke(model, "text/csv", "application/json", csv(rows));
        if (r.statusCode() != 200) {
            throw new AssertionError("invocation of " + model + " failed: " + r.statusCode() + " " + r.asString());
        }
        List<Float> scores = r.jsonPath().getList("predictions.score", Float.class);
        float[] out = new float[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores.get(i);
        }
        return out;
    }

    public static int status(String model, float[][] rows) {
        return invoke(model, "text/csv", "application/json", csv(rows)).statusCode();
    }
}
