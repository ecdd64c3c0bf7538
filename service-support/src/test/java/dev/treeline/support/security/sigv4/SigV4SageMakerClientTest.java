package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * The real SageMaker Runtime client (SDK for Java v2) against the verifier, through an in-memory HTTP client that
 * plays the server: what the client sends is verified, and the verifier's refusal is what the client parses.
 */
class SigV4SageMakerClientTest {

    static final String KEY_ID = "AKIATREELINECLIENT01";
    static final String SECRET = "client/Secret+Key0123456789abcdefGHIJKLmn";

    private final AccessKeyLookup lookup =
            id -> id.equals(KEY_ID) ? Optional.of(AccessKey.active(KEY_ID, SECRET, "demo-invoker")) : Optional.empty();
    private final SigV4Verifier verifier =
            new SigV4Verifier(SigV4Settings.sagemaker("us-east-1"), lookup, Clock.systemUTC());

    /** Verifies every request it receives and answers as the deployer would. */
    static final class VerifyingServer implements SdkHttpClient {
        final List<SigV4Request> received = new ArrayList<>();
        final Function<SigV4Request, HttpExecuteResponse> handler;

        VerifyingServer(Function<SigV4Request, HttpExecuteResponse> handler) {
            this.handler = handler;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    SdkHttpRequest http = request.httpRequest();
                    byte[] body = request.contentStreamProvider().map(p -> {
                        try (InputStream in = p.newStream()) {
                            return in.readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).orElse(new byte[0]);
                    SigV4Request.Builder b = SigV4Request.builder(http.method().name(), http.encodedPath())
                            .rawQuery(http.encodedQueryParameters().orElse(null)).body(body);
                    http.forEachHeader((name, values) -> values.forEach(v -> b.header(name, v)));
                    if (http.firstMatchingHeader("Host").isEmpty()) {
                        boolean defaultPort = http.port() == 80 || http.port() == 443;
                        b.header("Host", http.host() + (defaultPort ? "" : ":" + http.port()));
                    }
                    SigV4Request r = b.build();
                    received.add(r);
                    return handler.apply(r);
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private HttpExecuteResponse answer(SigV4Request request) {
        try {
            verifier.verify(request);
            return response(200, Map.of("Content-Type", "text/csv"), "0.83\n0.12\n");
        } catch (SigV4Exception e) {
            AwsErrorResponse error = e.toErrorResponse();
            return response(error.status(), error.headers(), error.body());
        }
    }

    private static HttpExecuteResponse response(int status, Map<String, String> headers, String body) {
        SdkHttpResponse.Builder r = SdkHttpResponse.builder().statusCode(status);
        headers.forEach(r::putHeader);
        r.putHeader("x-amzn-RequestId", "req-1");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder().response(r.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes))).build();
    }

    private static SageMakerRuntimeClient client(String endpoint, VerifyingServer server, String id, String secret,
                                                 String sessionToken) {
        return SageMakerRuntimeClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint))
                .credentialsProvider(StaticCredentialsProvider.create(sessionToken == null
                        ? AwsBasicCredentials.create(id, secret)
                        : AwsSessionCredentials.create(id, secret, sessionToken)))
                .httpClient(server)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static InvokeEndpointResponse invoke(SageMakerRuntimeClient client, String endpointName) {
        return client.invokeEndpoint(r -> r.endpointName(endpointName).contentType("text/csv").accept("text/csv")
                .targetModel("model.tar.gz").body(SdkBytes.fromUtf8String("72.1,3,31.2,4.4,6,0,61.5\n")));
    }

    @Test
    void theSageMakerRuntimeClientIsAcceptedOverHttpAndHttps() {
        for (String endpoint : List.of("http://localhost:8085", "https://models.example.com")) {
            VerifyingServer server = new VerifyingServer(this::answer);
            try (SageMakerRuntimeClient client = client(endpoint, server, KEY_ID, SECRET, null)) {
                InvokeEndpointResponse response = invoke(client, "house-prices");

                assertThat(response.body().asUtf8String()).as(endpoint).isEqualTo("0.83\n0.12\n");
                SigV4Request sent = server.received.get(0);
                assertThat(sent.rawPath()).isEqualTo("/endpoints/house-prices/invocations");
                assertThat(sent.headers("authorization").get(0))
                        .contains("/us-east-1/sagemaker/aws4_request")
                        .contains("x-amzn-sagemaker-target-model");
                System.out.println("SageMakerRuntimeClient via " + endpoint + " signs: "
                        + sent.headers("authorization").get(0).replaceAll("Signature=.*", "Signature=...")
                        + "; x-amz-content-sha256=" + sent.headers("x-amz-content-sha256"));
            }
        }
    }

    @Test
    void anEndpointNameNeedingEncodingIsVerified() {
        VerifyingServer server = new VerifyingServer(this::answer);
        try (SageMakerRuntimeClient client = client("http://localhost:8085", server, KEY_ID, SECRET, null)) {
            assertThat(invoke(client, "house prices/2026+ü").body().asUtf8String()).isEqualTo("0.83\n0.12\n");
            assertThat(server.received.get(0).rawPath())
                    .isEqualTo("/endpoints/house%20prices%2F2026%2B%C3%BC/invocations");
        }
    }

    @Test
    void theClientRaisesItsOwnExceptionWithTheAwsErrorCodeForEachRefusal() {
        record Case(String id, String secret, String token, String code, String message) {
        }
        List<Case> cases = List.of(
                new Case(KEY_ID, "wrong/Secret0123456789abcdefGHIJKLmnopqrs", null, "InvalidSignatureException",
                        InvalidSignatureException.MISMATCH),
                new Case("AKIAUNKNOWN000000000", SECRET, null, "UnrecognizedClientException",
                        UnrecognizedClientException.INVALID_TOKEN),
                new Case(KEY_ID, SECRET, "FwoGZXIvYXdzEXAMPLE", "UnrecognizedClientException",
                        UnrecognizedClientException.SESSION_TOKEN_REFUSED));
        for (Case c : cases) {
            VerifyingServer server = new VerifyingServer(this::answer);
            try (SageMakerRuntimeClient client = client("http://localhost:8085", server, c.id, c.secret, c.token)) {
                SageMakerRuntimeException e = catchThrowableOfType(() -> invoke(client, "house-prices"),
                        SageMakerRuntimeException.class);

                assertThat(e).as(c.code).isNotNull();
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(c.code);
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(c.message);
                assertThat(e.requestId()).isEqualTo("req-1");
            }
        }
    }

    @Test
    void aMissingTokenIsParsedAsSageMakerRuntimeAnswersIt() {
        VerifyingServer server = new VerifyingServer(r -> {
            AwsErrorResponse error = new MissingAuthenticationTokenException().toErrorResponse();
            return response(error.status(), error.headers(), error.body());
        });
        try (SageMakerRuntimeClient client = client("http://localhost:8085", server, KEY_ID, SECRET, null)) {
            SageMakerRuntimeException e = catchThrowableOfType(() -> invoke(client, "house-prices"),
                    SageMakerRuntimeException.class);

            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Missing Authentication Token");
        }
    }
}
