package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;

/**
 * InvokeEndpoint requests as boto3 sends them, captured from Debian's python3-boto3 1.26.27 (botocore 1.29.27):
 * {@code boto3.client('sagemaker-runtime').invoke_endpoint(...)} with the clock fixed at 2026-12-01T10:30:00Z and a
 * {@code before-send} hook that recorded the signed request (urllib3 adds Host from the URL; User-Agent left out,
 * it is not signed). botocore sends no {@code x-amz-content-sha256}: the body's SHA-256 is in the canonical request.
 * The second endpoint name needs encoding (boto3 sends {@code house%20prices%2B%C3%BC} and signs it encoded twice).
 */
class SigV4Boto3VectorTest {

    static final String KEY_ID = "AKIATREELINEBOTO3001";
    static final String SECRET = "boto3/Secret+Key0123456789abcdefGHIJKLm";

    record Boto3Request(String method, String rawPath, String host, List<String> headers, String body) {
        SigV4Request received(String withBody) {
            SigV4Request.Builder b = SigV4Request.builder(method, rawPath).header("Host", host)
                    .body(withBody.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < headers.size(); i += 2) {
                b.header(headers.get(i), headers.get(i + 1));
            }
            return b.build();
        }
    }

    static final List<Boto3Request> CAPTURED = List.of(
            new Boto3Request("POST", "/endpoints/house-prices/invocations", "localhost:8085", List.of(
                    "Content-Type", "text/csv",
                    "Accept", "text/csv",
                    "X-Amzn-SageMaker-Target-Model", "model.tar.gz",
                    "X-Amzn-SageMaker-Custom-Attributes", "trace=1",
                    "X-Amz-Date", "20261201T103000Z",
                    "Authorization", "AWS4-HMAC-SHA256 Credential=AKIATREELINEBOTO3001/20261201/us-east-1/sagemaker/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amzn-sagemaker-custom-attributes;x-amzn-sagemaker-target-model, Signature=0febfbecb638e7f830cd75cff980672e8a9aa608077bd1a7310b45a6af7efec1",
                    "amz-sdk-invocation-id", "4a8ebeaf-5da0-4684-a151-f74a6f0d5fbd",
                    "amz-sdk-request", "attempt=1",
                    "Content-Length", "25"),
                    "72.1,3,31.2,4.4,6,0,61.5\n"),
            new Boto3Request("POST", "/endpoints/house%20prices%2B%C3%BC/invocations", "models.example.com", List.of(
                    "Content-Type", "text/csv",
                    "Accept", "text/csv",
                    "X-Amzn-SageMaker-Target-Model", "model.tar.gz",
                    "X-Amzn-SageMaker-Custom-Attributes", "trace=1",
                    "X-Amz-Date", "20261201T103000Z",
                    "Authorization", "AWS4-HMAC-SHA256 Credential=AKIATREELINEBOTO3001/20261201/us-east-1/sagemaker/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amzn-sagemaker-custom-attributes;x-amzn-sagemaker-target-model, Signature=7412107ab50fe6c8825155dfbfbd98eaf00f0467ccc24d73c4f15c82bc9c0ca5",
                    "amz-sdk-invocation-id", "c1b01b90-53bc-4f0f-af10-4862303f5a4e",
                    "amz-sdk-request", "attempt=1",
                    "Content-Length", "25"),
                    "72.1,3,31.2,4.4,6,0,61.5\n"));

    private static SigV4Verifier verifier(String secret) {
        return new SigV4Verifier(SigV4Settings.sagemaker("us-east-1"),
                id -> id.equals(KEY_ID)
                        ? Optional.of(AccessKey.active(KEY_ID, secret, "python-app")) : Optional.empty(),
                Clock.fixed(Instant.parse("2026-12-01T10:30:00Z"), ZoneOffset.UTC));
    }

    @Test
    void requestsSignedByBoto3AreAccepted() {
        for (Boto3Request r : CAPTURED) {
            assertThat(verifier(SECRET).verify(r.received(r.body())).owner()).as(r.rawPath()).contains("python-app");
        }
    }

    @Test
    void aBoto3RequestWithAnotherBodyOrSecretIsRefused() {
        Boto3Request r = CAPTURED.get(0);

        assertThat(catchThrowableOfType(() -> verifier(SECRET).verify(r.received("99,3,31.2,4.4,6,0,61.5\n")),
                InvalidSignatureException.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> verifier("other").verify(r.received(r.body())),
                InvalidSignatureException.class).canonicalRequest()).get().asString()
                .startsWith("POST\n/endpoints/house-prices/invocations\n\naccept:text/csv\ncontent-type:text/csv\n"
                        + "host:localhost:8085\n");
    }
}
