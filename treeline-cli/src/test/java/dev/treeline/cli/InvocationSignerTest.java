package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.treeline.support.security.sigv4.AccessKeyLookup;
import dev.treeline.support.security.sigv4.InvalidSignatureException;
import dev.treeline.support.security.sigv4.SigV4Principal;
import dev.treeline.support.security.sigv4.SigV4Request;
import dev.treeline.support.security.sigv4.SigV4Settings;
import dev.treeline.support.security.sigv4.SigV4Verifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `./treeline invoke` signs is what the deployers' verifier (service-support's SigV4Verifier) accepts. */
class InvocationSignerTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-02T00:30:00Z"), ZoneOffset.UTC);
    static final InvocationSigner.AccessKey KEY = new InvocationSigner.AccessKey("TLAKAAAABBBBCCCCDDDD",
            "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=", "test");
    static final URI URI_ = URI.create("http://127.0.0.1:8085/endpoints/treeline-qa/invocations");
    static final byte[] BODY = "1,2,3\n4,5,6".getBytes(StandardCharsets.UTF_8);

    final SigV4Verifier verifier = new SigV4Verifier(SigV4Settings.sagemaker("us-east-1"),
            id -> id.equals(KEY.accessKeyId())
                    ? Optional.of(AccessKeyLookup.AccessKey.active(id, KEY.secretAccessKey(), "demo-invoker"))
                    : Optional.empty(), NOW);

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/csv");
        headers.put("Accept", "text/csv");
        headers.put("X-Amzn-SageMaker-Target-Model", "house-prices");
        return headers;
    }

    /** As the deployer receives it: the signed headers plus the Host the HTTP client adds from the URI. */
    private static SigV4Request received(Map<String, String> signed, byte[] body) {
        SigV4Request.Builder request = SigV4Request.builder("POST", URI_.getRawPath());
        signed.forEach(request::header);
        if (signed.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("host"))) {
            request.header("Host", URI_.getHost() + ":" + URI_.getPort());
        }
        return request.body(body).build();
    }

    @Test
    void aSignatureMadeByTheCliVerifiesAsTheKeysOwner() {
        Map<String, String> signed = InvocationSigner.sign("POST", URI_, headers(), BODY, KEY, "us-east-1", NOW);

        SigV4Principal caller = verifier.verify(received(signed, BODY));

        assertThat(caller.owner()).contains("demo-invoker");
        assertThat(signed.get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=TLAKAAAABBBBCCCCDDDD/20261202/"
                + "us-east-1/sagemaker/aws4_request").doesNotContain(KEY.secretAccessKey());
        assertThat(signed).containsEntry("X-Amz-Date", "20261202T003000Z");
    }

    @Test
    void aTamperedBodyOrTargetModelNoLongerVerifies() {
        Map<String, String> signed = InvocationSigner.sign("POST", URI_, headers(), BODY, KEY, "us-east-1", NOW);

        assertThatThrownBy(() -> verifier.verify(received(signed, "9,9,9".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(InvalidSignatureException.class);
        Map<String, String> otherModel = new LinkedHashMap<>(signed);
        otherModel.put("X-Amzn-SageMaker-Target-Model", "customer-churn");
        assertThatThrownBy(() -> verifier.verify(received(otherModel, BODY)))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void theRegionOptionScopesTheSignature() {
        Map<String, String> signed = InvocationSigner.sign("POST", URI_, headers(), BODY, KEY, "eu-west-1", NOW);

        assertThat(signed.get("Authorization")).contains("/eu-west-1/sagemaker/aws4_request");
        assertThatThrownBy(() -> verifier.verify(received(signed, BODY))).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("region");
    }

    @Test
    void theRequestSentCarriesEverySignedHeaderButThoseTheHttpClientSetsItself() {
        Map<String, String> signed = new LinkedHashMap<>(InvocationSigner.sign("POST", URI_, headers(), BODY, KEY,
                "us-east-1", NOW));
        signed.put("Host", "127.0.0.1:8085");

        var request = InvocationSigner.toHttpRequest("POST", URI_, signed, BODY).build();

        assertThat(request.headers().firstValue("Authorization")).isPresent();
        assertThat(request.headers().firstValue("X-Amz-Date")).contains("20261202T003000Z");
        assertThat(request.headers().firstValue("Host")).isEmpty();
    }

    @Test
    void theKeyComesFromTheOptionsThenTheEnvironmentThenTheLocalRunsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(TreelineCli.DEMO_INVOKER_FILE);
        Files.writeString(file, "[demo-invoker]\naws_access_key_id = TLAKFROMTHEFILE23456\n"
                + "aws_secret_access_key = file-secret\n");
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "TLAKFROMTHEENV234567", "AWS_SECRET_ACCESS_KEY",
                "env-secret");

        assertThat(InvocationSigner.resolve("TLAKFROMOPTIONS23456", "opt-secret", env, file).accessKeyId())
                .isEqualTo("TLAKFROMOPTIONS23456");
        assertThat(InvocationSigner.resolve(null, null, env, file).secretAccessKey()).isEqualTo("env-secret");
        InvocationSigner.AccessKey fromFile = InvocationSigner.resolve(null, null, Map.of(), file);
        assertThat(fromFile.accessKeyId()).isEqualTo("TLAKFROMTHEFILE23456");
        assertThat(fromFile.secretAccessKey()).isEqualTo("file-secret");
        assertThat(fromFile.toString()).doesNotContain("file-secret");
        assertThat(InvocationSigner.resolve(null, null, Map.of(), dir.resolve("none"))).isNull();
        assertThatThrownBy(() -> InvocationSigner.resolve("TLAKONLYTHEID2345678", null, env, file))
                .isInstanceOf(CliException.class);
    }

    @Test
    void awsErrorsReadAsTypeAndMessage() {
        assertThat(InvocationSigner.awsError("InvalidSignatureException:http://internal.amazon.com/coral/",
                "{\"message\":\"The request signature we calculated does not match\"}"))
                .isEqualTo("InvalidSignatureException: The request signature we calculated does not match");
        assertThat(InvocationSigner.awsError(null,
                "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\",\"Message\":\"bad key\"}"))
                .isEqualTo("UnrecognizedClientException: bad key");
        assertThat(InvocationSigner.awsError(null, "{\"detail\":\"model not served\"}")).isEqualTo("model not served");
    }
}
