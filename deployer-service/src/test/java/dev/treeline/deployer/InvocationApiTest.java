package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.CategoricalModels;
import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.DesiredVersion;
import dev.treeline.events.DeploymentAction;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.s3.S3Clients;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The endpoint speaks SageMaker Runtime InvokeEndpoint: the AWS SDK for Java v2 client, pointed at it by
 * URL only, gets XGBoost4J's own numbers, and every error arrives as the SDK exception type it names.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class InvocationApiTest {

    static TestModels.Trained model;
    static final float[][] ROWS = TestModels.rows(11, 3);
    static String group;
    /** A 20-feature model, 5 of them categorical, with 5 text classes (as tuning saves it). */
    static CategoricalModels.Trained tickets;
    static String ticketsGroup;

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;
    @TestHTTPResource("/")
    URL base;

    SageMakerRuntimeClient client;

    @BeforeAll
    static void train() throws Exception {
        model = TestModels.train(5, 1.5f);
        group = uniqueGroup("sdk");
        tickets = CategoricalModels.multiClass("multi:softprob", 8);
        ticketsGroup = uniqueGroup("tickets");
    }

    @AfterAll
    static void dispose() {
        model.booster().dispose();
        tickets.booster().dispose();
    }

    @BeforeEach
    void deployOnce() throws Exception {
        client = SageMakerRuntimeClient.builder().endpointOverride(URI.create(base.toString()))
                .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        TestAccessKeys.INVOKER.accessKeyId(), TestAccessKeys.INVOKER.secret())))
                .build();
        TestAccessKeys.ensurePublished();
        RegistryFixture.deployOnce(s3, store, group, model);
        RegistryFixture.deployOnce(s3, store, ticketsGroup, new TestModels.Trained(tickets.booster(), tickets.ubj(),
                dev.treeline.support.s3.Sha256Digests.of(tickets.ubj())));
    }

    private InvokeEndpointResponse invoke(String target, String contentType, String accept, byte[] body) {
        return client.invokeEndpoint(r -> r.endpointName("treeline-sandbox").targetModel(target)
                .contentType(contentType).accept(accept).body(SdkBytes.fromByteArray(body)));
    }

    private static float[] parseCsv(String body) {
        String[] lines = body.trim().split("\n");
        float[] out = new float[lines.length];
        for (int i = 0; i < lines.length; i++) {
            out[i] = Float.parseFloat(lines[i]);
        }
        return out;
    }

    @Test
    void benchmarkFloorRouteIsOffByDefault() {
        // Only the benchmark turns it on (treeline.deployer.bench-floor=true, BenchFloorRouteTest).
        given().contentType("text/csv").body("1,2,3,4").when().post("/endpoints/treeline-sandbox/floor").then()
                .statusCode(404);
    }

    @Test
    void sdkClientGetsTheSameNumbersAsInProcessXgboostForEveryFormat() throws Exception {
        float[] expected = model.reference(ROWS);
        InvokeEndpointResponse csv = invoke(group + ".tar.gz", "text/csv", "text/csv",
                Invocations.csv(ROWS).getBytes(StandardCharsets.UTF_8));
        assertThat(parseCsv(csv.body().asUtf8String())).containsExactly(expected);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.invokedProductionVariant()).isEqualTo("AllTraffic");

        InvokeEndpointResponse json = invoke(group, "text/csv", "application/json",
                Invocations.csv(ROWS).getBytes(StandardCharsets.UTF_8));
        List<Float> scores = io.restassured.path.json.JsonPath.from(json.body().asUtf8String())
                .getList("predictions.score", Float.class);
        assertThat(scores).containsExactly(box(expected));

        StringBuilder libsvm = new StringBuilder();
        StringBuilder instances = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < ROWS.length; i++) {
            libsvm.append("0");
            for (int j = 0; j < ROWS[i].length; j++) {
                libsvm.append(' ').append(j).append(':').append(ROWS[i][j]);
            }
            libsvm.append('\n');
            instances.append(i > 0 ? "," : "").append("{\"features\":").append(Arrays.toString(ROWS[i])).append('}');
        }
        instances.append("]}");
        InvokeEndpointResponse fromLibsvm = invoke(group, "text/libsvm", "application/jsonlines",
                libsvm.toString().getBytes(StandardCharsets.UTF_8));
        String[] lines = fromLibsvm.body().asUtf8String().trim().split("\n");
        assertThat(lines).hasSize(ROWS.length);
        for (int i = 0; i < lines.length; i++) {
            assertThat(io.restassured.path.json.JsonPath.from(lines[i]).getFloat("score")).isEqualTo(expected[i]);
        }
        InvokeEndpointResponse fromJson = invoke(group, "application/json", "text/csv",
                instances.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(parseCsv(fromJson.body().asUtf8String())).containsExactly(expected);
    }

    /** Raw CSV fields of code rows: category values by code, missing as empty fields. */
    private static String rawCsv(float[] codes, int n) {
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < CategoricalModels.FEATURES; f++) {
                float v = codes[r * CategoricalModels.FEATURES + f];
                csv.append(f > 0 ? "," : "");
                if (v == v) {
                    csv.append(CategoricalModels.categoricalIndex(f) < 0 ? Float.toString(v)
                            : CategoricalModels.category(f, (int) v));
                }
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static float[][] xgboost(float[] codes, int n) throws Exception {
        ml.dmlc.xgboost4j.java.DMatrix m = new ml.dmlc.xgboost4j.java.DMatrix(codes, n, CategoricalModels.FEATURES,
                Float.NaN);
        try {
            return tickets.booster().predict(m);
        } finally {
            m.dispose();
        }
    }

    @Test
    void categoricalModelsTakeRawValuesAndAnswerWithTheClassNames() throws Exception {
        float[] codes = CategoricalModels.rows(31, 4, 0.1);
        codes[13] = 5; // row 1's f13 is sent as a value the model never saw
        String csv = rawCsv(codes, 4).replaceFirst("v13_\\d+", "a value never seen");
        codes[13] = Float.NaN; // the unseen value is served as missing
        float[][] expected = xgboost(codes, 4);
        InvokeEndpointResponse json = invoke(ticketsGroup, "text/csv", "application/json",
                csv.getBytes(StandardCharsets.UTF_8));
        io.restassured.path.json.JsonPath answer = io.restassured.path.json.JsonPath.from(json.body().asUtf8String());
        for (int r = 0; r < 4; r++) {
            List<Float> probabilities = answer.getList("predictions[" + r + "].probabilities", Float.class);
            assertThat(probabilities).as("row %d", r).containsExactly(box(expected[r]));
            int best = 0;
            for (int k = 1; k < 5; k++) {
                best = expected[r][k] > expected[r][best] ? k : best;
            }
            assertThat(answer.getString("predictions[" + r + "].predicted_label"))
                    .isEqualTo(CategoricalModels.CLASSES.get(best));
            assertThat(answer.getList("predictions[" + r + "].labels", String.class))
                    .containsExactlyElementsOf(CategoricalModels.CLASSES);
        }
        // CSV answers stay SageMaker's: the five probabilities of a row on its line
        String csvAnswer = invoke(ticketsGroup, "text/csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)).body()
                .asUtf8String();
        assertThat(csvAnswer.split("\n")[0].split(",")).hasSize(5);

        // JSON by name: absent features are missing; arrays may hold strings at categorical positions
        float[] byName = new float[CategoricalModels.FEATURES];
        Arrays.fill(byName, Float.NaN);
        byName[0] = 0.75f;
        byName[13] = 7;
        InvokeEndpointResponse named = invoke(ticketsGroup, "application/json", "application/json",
                "{\"instances\":[{\"f0\":0.75,\"f13\":\"v13_7\"}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(io.restassured.path.json.JsonPath.from(named.body().asUtf8String())
                .getList("predictions[0].probabilities", Float.class)).containsExactly(box(xgboost(byName, 1)[0]));
        assertValidation(ticketsGroup, "application/json", "{\"instances\":[{\"f0\":1,\"colour\":\"red\"}]}", 400,
                "instance 1 names features model '" + ticketsGroup + "' does not have: 'colour'");
        assertValidation(ticketsGroup, "application/json", "[[\"v1_0\"" + ",0".repeat(19) + "]]", 400,
                "instance 1, feature 'f0' (column 1): \"v1_0\" is not a number");

        // what to send is listed with the loaded model
        io.restassured.path.json.JsonPath listed = given().header("Authorization",
                dev.treeline.support.testing.TestTokens.bearer("viewer", "viewer")).when().get("/models/" + ticketsGroup)
                .then().statusCode(200).extract().jsonPath();
        assertThat(listed.getInt("inputs.numFeatures")).isEqualTo(20);
        assertThat(listed.getList("inputs.featureNames", String.class)).startsWith("f0", "f1", "f2");
        assertThat(listed.getMap("inputs.categoricalFeatures", String.class, Integer.class)).containsOnly(
                java.util.Map.entry("f1", 3), java.util.Map.entry("f4", 6), java.util.Map.entry("f8", 12),
                java.util.Map.entry("f13", 40), java.util.Map.entry("f17", 5));
        assertThat(listed.getList("inputs.classes", String.class)).containsExactlyElementsOf(CategoricalModels.CLASSES);

        String metrics = given().when().get(Invocations.management("/metrics")).then().statusCode(200).extract()
                .asString();
        // two requests with the unseen value (JSON and CSV answers): counted per model and feature
        assertThat(metrics).contains("treeline_unseen_category_values_total{feature=\"f13\",model=\"" + ticketsGroup
                + "\"} 2.0");
    }

    @Test
    void libsvmRowsLeaveUnlistedFeaturesMissing() throws Exception {
        float[][] sparse = { { ROWS[0][0], Float.NaN, ROWS[0][2], Float.NaN } };
        String body = "0:" + ROWS[0][0] + " 2:" + ROWS[0][2];
        InvokeEndpointResponse r = invoke(group, "text/libsvm", "text/csv", body.getBytes(StandardCharsets.UTF_8));
        assertThat(parseCsv(r.body().asUtf8String())).containsExactly(model.reference(sparse));
    }

    @Test
    void malformedInputIsAValidationErrorThatSaysWhatIsWrong() {
        assertValidation(group, "text/csv", "0.1,abc,0.3,0.4", 400, "line 1, column 2: 'abc' is not a number");
        assertValidation(group, "text/csv", "0.1,0.2,0.3", 400, "row 1 has 3 features but model '" + group
                + "' expects 4");
        assertValidation(group, "text/csv", "", 400, "request body is empty");
        assertValidation(group, "application/json", "{\"instances\": [[1, 2,", 400, "not valid JSON");
        assertValidation(group, "text/libsvm", "0 7:1.0", 400, "feature index 7 is out of range");
        assertValidation(group, "application/x-python-pickle", "x", 415, "is not supported");
        assertValidation("no-such-model", "text/csv", "1,2,3,4", 400, "model 'no-such-model' is not deployed");
        assertValidation("../../etc/passwd", "text/csv", "1,2,3,4", 400, "is invalid");
        assertValidation("models/other-account", "text/csv", "1,2,3,4", 400, "is invalid");
    }

    @Test
    void unknownEndpointIsAValidationError() {
        ValidationErrorException e = catchThrowableOfType(ValidationErrorException.class,
                () -> client.invokeEndpoint(r -> r.endpointName("someone-else").targetModel(group)
                        .contentType("text/csv").body(SdkBytes.fromUtf8String("1,2,3,4"))));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("Endpoint someone-else not found");
    }

    @Test
    void bodyOverSixMegabytesIs413() {
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) '1');
        SageMakerRuntimeException e = catchThrowableOfType(SageMakerRuntimeException.class,
                () -> invoke(group, "text/csv", "text/csv", big));
        assertThat(e).isInstanceOf(ValidationErrorException.class);
        assertThat(e.statusCode()).isEqualTo(413);
        assertThat(e.awsErrorDetails().errorMessage()).contains("exceeds the 6 MB limit");
    }

    @Test
    void modelThatCannotBeLoadedIsAModelError() {
        String broken = uniqueGroup("broken");
        String key = "models/" + broken + "/v1/model.ubj";
        try (var s3Client = S3Clients.create(s3)) {
            s3Client.putObject(b -> b.bucket(s3.bucket()).key(key), RequestBody.fromBytes(model.ubj()));
        }
        String wrongSha = "0".repeat(64);
        QuarkusTransaction.requiringNew().run(() -> store.saveDesired(DesiredVersion.of(broken, 1, wrongSha,
                "run-x", key, DeploymentAction.MANUAL, "test", Instant.now())));
        ModelErrorException e = catchThrowableOfType(ModelErrorException.class,
                () -> invoke(broken, "text/csv", "text/csv", "1,2,3,4".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.awsErrorDetails().errorMessage()).contains("SHA-256 mismatch");
        assertThat(e.originalStatusCode()).isEqualTo(500);
        QuarkusTransaction.requiringNew().run(() -> store.deleteDesired(broken));
    }

    @Test
    void errorsCarryTheHeaderAndJsonMessageTheSdksParse() {
        Invocations.invoke(group, "text/csv", "application/json", "1,x,3,4").then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationError")
                .contentType("application/json")
                .body("message", containsString("'x' is not a number"));
        SignedRequests.signed(TestAccessKeys.INVOKER, Invocations.ENDPOINT, "1,2,3,4".getBytes(StandardCharsets.UTF_8),
                java.util.Map.of()).contentType("text/csv").when().post(Invocations.ENDPOINT).then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationError")
                .body("message", containsString("X-Amzn-SageMaker-Target-Model is required"));
        Invocations.invoke(group, "text/csv", "image/png", "1,2,3,4").then().statusCode(406)
                .header("x-amzn-ErrorType", "ValidationError");
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().when().get(Invocations.management("/health/ready")).then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(401);
        given().when().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", dev.treeline.support.testing.TestTokens.bearer("admin", "admin")).when()
                .get("/q/metrics").then().statusCode(404);
    }

    @Test
    void invocationsAreMeteredPerModel() {
        Invocations.predict(group, ROWS);
        String metrics = given().when().get(Invocations.management("/metrics")).then()
                .statusCode(200).extract().asString();
        assertThat(metrics).contains("treeline_deployer_invocations_seconds_count{model=\"" + group + "\"")
                .contains("treeline_deployer_invocation_errors_total")
                .contains("treeline_deployer_model_loads_total")
                .contains("treeline_deployer_cache_bytes")
                .contains("treeline_deployer_model_load_seconds_count")
                .contains("treeline_deployer_model_evictions_total")
                .contains("treeline_deployer_model_swaps_total")
                .contains("treeline_deployer_rollbacks_total");
    }

    private void assertValidation(String target, String contentType, String body, int status, String message) {
        ValidationErrorException e = catchThrowableOfType(ValidationErrorException.class,
                () -> invoke(target, contentType, "application/json", body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("%s %s", contentType, body).isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorMessage()).contains(message);
    }

    private static Float[] box(float[] values) {
        Float[] out = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

}
