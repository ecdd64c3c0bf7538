package dev.treeline.support.security.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Signs requests with the AWS SDK for Java v2's own SigV4 signer and turns them into what a server receives. */
final class SdkSigning {

    static final String HOST = "runtime.sagemaker.us-east-1.amazonaws.com";

    private SdkSigning() {
    }

    /** An InvokeEndpoint-shaped request: POST /endpoints/{name}/invocations, text/csv, a target model. */
    static SdkHttpFullRequest.Builder invokeEndpoint(String encodedEndpointName) {
        return SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .protocol("https")
                .host(HOST)
                .encodedPath("/endpoints/" + encodedEndpointName + "/invocations")
                .putHeader("Content-Type", "text/csv")
                .putHeader("Accept", "text/csv")
                .putHeader("X-Amzn-SageMaker-Target-Model", "model.tar.gz")
                .putHeader("User-Agent", "aws-sdk-java/2.51.4 treeline-test");
    }

    static SignedRequest sign(SdkHttpRequest request, byte[] body, AwsCredentialsIdentity identity, Clock clock,
                              String region, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
        return AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity)
                    .request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock);
            extra.accept(r);
        });
    }

    /** The signed request as the server sees it: raw path, raw query, headers, body. */
    static SigV4Request received(SignedRequest signed, byte[] body) {
        SdkHttpRequest r = signed.request();
        SigV4Request.Builder b = SigV4Request.builder(r.method().name(), r.encodedPath());
        String query = SdkHttpUtils.encodeAndFlattenQueryParameters(r.rawQueryParameters()).orElse(null);
        b.rawQuery(query);
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            h.getValue().forEach(v -> b.header(h.getKey(), v));
        }
        if (r.firstMatchingHeader("Host").isEmpty()) {
            b.header("Host", r.host()); // the HTTP client adds it from the URI when the signer did not
        }
        return b.body(body).build();
    }

    static byte[] readPayload(SignedRequest signed) {
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
