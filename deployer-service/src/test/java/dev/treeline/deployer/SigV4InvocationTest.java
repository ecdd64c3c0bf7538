package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.events.AccessKeysChanged;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * InvokeEndpoint requires AWS Signature Version 4 with a key of the registry's table (published as AccessKeysChanged
 * on the real broker), as SageMaker Runtime does: the AWS SDK for Java v2 and Debian's boto3, unchanged and with real
 * static credentials, get predictions; wrong secret, tampered body or signed header, no signature, a stale date, an
 * unknown, revoked or temporary credential, and an owner without {@code invoker} are refused with 403 and the error
 * code each SDK turns into its own exception.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class SigV4InvocationTest {

    static final Path BOTO3_SCRIPT = Path.of("src/test/resources/sigv4/boto3_invoke.py");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static TestModels.Trained model;
    static final float[][] ROWS = TestModels.rows(41, 2);
    static String group;

    @Inject
    S3Config s3;
    @Inject
    DeploymentStore store;
    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void train() throws Exception {
        model = TestModels.train(43, 0.5f);
        group = uniqueGroup("signed");
    }

    @AfterAll
    static void dispose() {
        model.booster().dispose();
    }

    @BeforeEach
    void keysAndModel() throws Exception {
        TestAccessKeys.ensurePublished();
        RegistryFixture.deployOnce(s3, store, group, model);
    }

    /** An SDK client whose requests {@code tamper} may change after the SDK signed them. */
    private SageMakerRuntimeClient client(AwsCredentials credentials, UnaryOperator<HttpExecuteRequest> tamper) {
        SdkHttpClient apache = ApacheHttpClient.create();
        SdkHttpClient http = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return apache.prepareRequest(tamper.apply(request));
            }

            @Override
            public void close() {
                apache.close();
            }
        };
        return SageMakerRuntimeClient.builder().endpointOverride(URI.create(base.toString()))
                .region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    private SageMakerRuntimeClient client(TestAccessKeys.Key key) {
        return client(AwsBasicCredentials.create(key.accessKeyId(), key.secret()), UnaryOperator.identity());
    }

    private static String invoke(SageMakerRuntimeClient client) {
        try (client) {
            return client.invokeEndpoint(r -> r.endpointName("treeline-sandbox").targetModel(group)
                    .contentType("text/csv").accept("text/csv").body(SdkBytes.fromUtf8String(Invocations.csv(ROWS))))
                    .body().asUtf8String();
        }
    }

    private static SageMakerRuntimeException refused(SageMakerRuntimeClient client, String code) {
        SageMakerRuntimeException e = catchThrowableOfType(SageMakerRuntimeException.class, () -> invoke(client));
        assertThat(e).as("refused with %s", code).isNotNull();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        return e;
    }

    private static String expectedCsv() throws Exception {
        StringBuilder out = new StringBuilder();
        for (float f : model.reference(ROWS)) {
            out.append(f).append('\n');
        }
        return out.toString();
    }

    private static HttpExecuteRequest withRequest(HttpExecuteRequest r, SdkHttpRequest request) {
        return HttpExecuteRequest.builder().request(request).contentStreamProvider(r.contentStreamProvider()
                .orElse(null)).build();
    }

    private static byte[] body(HttpExecuteRequest r) {
        try (InputStream in = r.contentStreamProvider().orElseThrow().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sdkForJavaWithRealStaticCredentialsGetsPredictions() throws Exception {
        assertThat(invoke(client(TestAccessKeys.INVOKER))).isEqualTo(expectedCsv());
        // operator implies invoker
        assertThat(invoke(client(TestAccessKeys.OPERATOR))).isEqualTo(expectedCsv());
    }

    @Test
    void sdkForJavaRaisesTheErrorCodeSageMakerSendsForEveryRefusal() {
        TestAccessKeys.Key key = TestAccessKeys.INVOKER;
        AwsBasicCredentials good = AwsBasicCredentials.create(key.accessKeyId(), key.secret());
        refused(client(AwsBasicCredentials.create(key.accessKeyId(), "not/the/secret/0123456789abcdefghijklm"),
                UnaryOperator.identity()), "InvalidSignatureException");
        refused(client(good, r -> {
            byte[] body = body(r);
            body[0] = (byte) (body[0] == '9' ? '8' : body[0] + 1); // one byte changed, same length
            return HttpExecuteRequest.builder().request(r.httpRequest())
                    .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
        }), "InvalidSignatureException");
        refused(client(good, r -> withRequest(r, r.httpRequest().toBuilder()
                .putHeader("X-Amzn-SageMaker-Target-Model", "someone-elses-model").build())),
                "InvalidSignatureException");
        refused(client(good, r -> withRequest(r, r.httpRequest().toBuilder().removeHeader("Authorization").build())),
                "MissingAuthenticationTokenException");
        SageMakerRuntimeException stale = refused(client(good, r -> resignedAt(r, good,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16)))), "InvalidSignatureException");
        assertThat(stale.awsErrorDetails().errorMessage()).contains("Signature expired");
        refused(client(AwsBasicCredentials.create("TLAKNOSUCHKEY23456", key.secret()), UnaryOperator.identity()),
                "UnrecognizedClientException");
        refused(client(TestAccessKeys.REVOKED), "UnrecognizedClientException");
        SageMakerRuntimeException session = refused(client(AwsSessionCredentials.create(key.accessKeyId(),
                key.secret(), "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"), UnaryOperator.identity()),
                "UnrecognizedClientException");
        assertThat(session.awsErrorDetails().errorMessage()).contains("X-Amz-Security-Token");
        SageMakerRuntimeException denied = refused(client(TestAccessKeys.VIEWER_ONLY), "AccessDeniedException");
        assertThat(denied.awsErrorDetails().errorMessage()).contains("reader").contains("invoker");
    }

    /** The request signed again, as the SDK would have at another time. */
    private static HttpExecuteRequest resignedAt(HttpExecuteRequest r, AwsBasicCredentials credentials, Clock clock) {
        byte[] body = body(r);
        SdkHttpRequest unsigned = r.httpRequest().toBuilder().removeHeader("Authorization").removeHeader("X-Amz-Date")
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> s.identity(credentials).request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)).request();
        return HttpExecuteRequest.builder().request(signed)
                .contentStreamProvider(ContentStreamProvider.fromByteArray(body)).build();
    }

    @Test
    void revokingAKeyInTheRegistryTableRefusesItsNextRequest() throws Exception {
        String id = "TLAK" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        TestAccessKeys.Key active = new TestAccessKeys.Key(id, "rotating/Secret" + id, "rotating-app",
                AccessKeysChanged.Status.ACTIVE, Set.of("invoker"));
        long issued = TestAccessKeys.nextRevision();
        TestAccessKeys.publish(issued, TestAccessKeys.standardPlus(TestAccessKeys.secrets(), List.of(active)));
        await("key served", () -> TestAccessKeys.table().revision() >= issued);
        assertThat(invoke(client(active))).isEqualTo(expectedCsv());

        TestAccessKeys.Key revoked = new TestAccessKeys.Key(id, active.secret(), active.owner(),
                AccessKeysChanged.Status.REVOKED, active.roles());
        long revocation = TestAccessKeys.nextRevision();
        TestAccessKeys.publish(revocation, TestAccessKeys.standardPlus(TestAccessKeys.secrets(), List.of(revoked)));
        await("revocation served", () -> TestAccessKeys.table().revision() >= revocation);
        refused(client(active), "UnrecognizedClientException");
    }

    @Test
    void refusalsAreInTheAwsJsonErrorShape() {
        given().contentType("text/csv").body("1,2,3,4").when().post(Invocations.ENDPOINT).then().statusCode(403)
                .header("x-amzn-ErrorType", startsWith("MissingAuthenticationTokenException:"))
                .contentType("application/json")
                .body("__type", org.hamcrest.Matchers.equalTo("MissingAuthenticationTokenException"))
                .body("message", containsString("Missing Authentication Token"));
        SignedRequests.signed(TestAccessKeys.VIEWER_ONLY, Invocations.ENDPOINT, "1,2,3,4".getBytes(
                StandardCharsets.UTF_8), Map.of("X-Amzn-SageMaker-Target-Model", group)).contentType("text/csv")
                .when().post(Invocations.ENDPOINT).then().statusCode(403)
                .header("x-amzn-ErrorType", startsWith("AccessDeniedException:"))
                .body("__type", org.hamcrest.Matchers.equalTo("AccessDeniedException"));
    }

    @Test
    void boto3FromDebianInvokesWithRealCredentialsAndRaisesClientErrorWithTheRightCode() throws Exception {
        assertThat(PYTHON).as("python3-boto3 (installed by .ci/run)").exists();
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("invoker", List.of(TestAccessKeys.INVOKER.accessKeyId(), TestAccessKeys.INVOKER.secret()));
        keys.put("operator", List.of(TestAccessKeys.OPERATOR.accessKeyId(), TestAccessKeys.OPERATOR.secret()));
        keys.put("revoked", List.of(TestAccessKeys.REVOKED.accessKeyId(), TestAccessKeys.REVOKED.secret()));
        keys.put("viewer", List.of(TestAccessKeys.VIEWER_ONLY.accessKeyId(), TestAccessKeys.VIEWER_ONLY.secret()));
        String args = io.vertx.core.json.Json.encode(Map.of("endpoint_url", base.toString(), "endpoint_name",
                "treeline-sandbox", "model", group, "body", Invocations.csv(ROWS), "keys", keys));
        Path out = Files.createTempFile("boto3-", ".out");
        Process p = new ProcessBuilder(PYTHON.toString(), BOTO3_SCRIPT.toString(), args).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("boto3 script finished").isTrue();
        List<String> lines = Files.readAllLines(out);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        Map<String, JsonPath> results = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                JsonPath json = JsonPath.from(line);
                results.put(json.getString("case"), json);
            }
        }
        assertThat(results.keySet()).as(String.join("\n", lines)).containsExactly("valid", "operator", "wrong-secret",
                "tampered-body", "tampered-signed-header", "missing-signature", "unknown-key", "revoked-key",
                "session-token", "viewer-only", "stale-date");
        String expected = expectedCsv();
        for (String ok : List.of("valid", "operator")) {
            assertThat(results.get(ok).getBoolean("ok")).as(ok + ": " + lines).isTrue();
            assertThat(results.get(ok).getString("body")).isEqualTo(expected);
        }
        Map<String, String> codes = Map.of("wrong-secret", "InvalidSignatureException",
                "tampered-body", "InvalidSignatureException",
                "tampered-signed-header", "InvalidSignatureException",
                "missing-signature", "MissingAuthenticationTokenException",
                "unknown-key", "UnrecognizedClientException",
                "revoked-key", "UnrecognizedClientException",
                "session-token", "UnrecognizedClientException",
                "viewer-only", "AccessDeniedException",
                "stale-date", "InvalidSignatureException");
        List<String> wrong = new ArrayList<>();
        codes.forEach((c, code) -> {
            JsonPath r = results.get(c);
            if (r.getBoolean("ok") || !code.equals(r.getString("code")) || r.getInt("status") != 403) {
                wrong.add(c + ": " + r.prettify());
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(results.get("stale-date").getString("message")).contains("Signature expired");
        assertThat(results.get("session-token").getString("message")).contains("X-Amz-Security-Token");
    }
}
