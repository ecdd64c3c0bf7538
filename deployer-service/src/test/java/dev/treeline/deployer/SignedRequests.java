package dev.treeline.deployer;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs a POST to the running deployer with the AWS SDK for Java v2's own SigV4 signer (service sagemaker,
 * us-east-1) and returns the headers to add. Only Host, X-Amz-Date, the payload hash and {@code signedHeaders} are
 * signed, so the headers the HTTP client adds itself (Content-Type with a charset, Accept) stay unsigned, as a proxy
 * may add them.
 */
public final class SignedRequests {

    private SignedRequests() {
    }

    /** The signed headers and the signature (not Host: the HTTP client sends the same one) for {@code uri}. */
    public static Map<String, List<String>> signatureHeaders(String accessKeyId, String secret, Clock clock, URI uri,
            byte[] body, Map<String, String> signedHeaders) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        signedHeaders.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(accessKeyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.request().headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("host"));
        return headers;
    }

    /** A REST Assured request to {@code path} on the test port, signed with {@code key}, body set. */
    public static RequestSpecification signed(TestAccessKeys.Key key, String path, byte[] body,
            Map<String, String> signedHeaders) {
        // The client's clock agrees with the server's, also where a test moves the server's clock (MovableClock).
        Clock clock = io.quarkus.arc.Arc.container().instance(Clock.class).get();
        return signed(key.accessKeyId(), key.secret(), clock, path, body, signedHeaders);
    }

    public static RequestSpecification signed(String accessKeyId, String secret, Clock clock, String path, byte[] body,
            Map<String, String> signedHeaders) {
        // Clients sign the host they address: the configured public name behind a proxy, else this server.
        URI uri = ConfigProvider.getConfig().getOptionalValue("treeline.deployer.sigv4.expected-host", String.class)
                .map(host -> URI.create("https://" + host + path))
                .orElseGet(() -> URI.create("http://localhost:" + RestAssured.port + path));
        RequestSpecification spec = given();
        signatureHeaders(accessKeyId, secret, clock, uri, body, signedHeaders)
                .forEach((name, values) -> values.forEach(v -> spec.header(name, v)));
        return spec.body(body);
    }

    /** A java.net.http POST to {@code uri}, signed with {@code key}; the caller adds unsigned headers. */
    public static HttpRequest.Builder signed(TestAccessKeys.Key key, URI uri, byte[] body,
            Map<String, String> signedHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signatureHeaders(key.accessKeyId(), key.secret(), Clock.systemUTC(), uri, body, signedHeaders)
                .forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        return request;
    }
}
