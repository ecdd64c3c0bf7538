package dev.treeline.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs InvokeEndpoint requests with AWS Signature Version 4, with the AWS SDK for Java v2's own signer (service
 * {@code sagemaker}), as the SageMaker Runtime clients do: the same deployer accepts both.
 */
final class InvocationSigner {

    static final String SERVICE = "sagemaker";
    /** Headers the JDK HTTP client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** An access key pair; {@link #toString()} never shows the secret. */
    record AccessKey(String accessKeyId, String secretAccessKey, String source) {
        @Override
        public String toString() {
            return "AccessKey[" + accessKeyId + " from " + source + "]";
        }
    }

    private InvocationSigner() {
    }

    /**
     * The signed headers of a request (Authorization, X-Amz-Date, and the SDK's x-amz-content-sha256 if any),
     * together with the ones given.
     */
    static Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body,
                                    AccessKey key, String region, Clock clock) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> out = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            if (!values.isEmpty()) {
                out.put(name, values.get(0));
            }
        });
        return out;
    }

    /** The JDK request for signed headers: every header but those the client sets itself (Host from the URI). */
    static HttpRequest.Builder toHttpRequest(String method, URI uri, Map<String, String> signedHeaders, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        signedHeaders.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        return builder;
    }

    /**
     * Whose key signs: the options, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else the file the local run writes
     * for its demo invoker; null when there is none.
     */
    static AccessKey resolve(String optionId, String optionSecret, Map<String, String> env, Path localRunFile) {
        if (optionId != null || optionSecret != null) {
            if (optionId == null || optionSecret == null) {
                throw new CliException(CliException.BAD_REQUEST,
                        "give both --access-key-id and --secret-access-key, or neither");
            }
            return new AccessKey(optionId, optionSecret, "--access-key-id");
        }
        String envId = env.get("AWS_ACCESS_KEY_ID");
        String envSecret = env.get("AWS_SECRET_ACCESS_KEY");
        if (envId != null && !envId.isBlank() && envSecret != null && !envSecret.isBlank()) {
            return new AccessKey(envId.strip(), envSecret.strip(), "AWS_ACCESS_KEY_ID");
        }
        if (localRunFile != null && Files.isReadable(localRunFile)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(localRunFile)) {
                properties.load(reader); // the shared-credentials format: "[profile]" lines read as harmless keys
            } catch (IOException e) {
                throw new CliException(CliException.BAD_REQUEST, "cannot read " + localRunFile + ": " + e.getMessage());
            }
            String id = properties.getProperty("aws_access_key_id");
            String secret = properties.getProperty("aws_secret_access_key");
            if (id != null && secret != null) {
                return new AccessKey(id.strip(), secret.strip(), localRunFile.toString());
            }
        }
        return null;
    }

    /** "InvalidSignatureException: The request signature we calculated does not match ..." from an AWS error. */
    static String awsError(String errorTypeHeader, String body) {
        String type = null;
        String message = null;
        if (body != null && !body.isBlank()) {
            try {
                var node = Api.JSON.readTree(body);
                type = node.hasNonNull("__type") ? node.get("__type").asText() : null;
                for (String field : List.of("message", "Message", "detail")) {
                    if (message == null && node.hasNonNull(field)) {
                        message = node.get(field).asText();
                    }
                }
            } catch (IOException notJson) {
                message = body.strip();
            }
        }
        if ((type == null || type.isBlank()) && errorTypeHeader != null) {
            type = errorTypeHeader;
        }
        if (type != null) {
            type = type.contains("#") ? type.substring(type.lastIndexOf('#') + 1) : type;
            type = type.contains(":") ? type.substring(0, type.indexOf(':')) : type;
        }
        String text = message == null || message.isBlank() ? "" : message;
        return type == null || type.isBlank() ? text : text.isEmpty() ? type : type + ": " + text;
    }
}
