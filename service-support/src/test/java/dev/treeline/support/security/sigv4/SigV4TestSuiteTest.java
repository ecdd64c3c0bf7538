package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;
import dev.treeline.support.security.sigv4.SigV4TestSuiteVectors.Vector;

/**
 * The AWS SigV4 test suite, table-driven: each signed request is verified (accepted), and the canonical request
 * and string to sign the verifier computed (taken from the mismatch it reports for a wrong secret) equal the
 * suite's, byte for byte. Header and pre-signed (query) variants.
 */
class SigV4TestSuiteTest {

    private static final Clock SUITE_TIME = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final SigV4Settings SETTINGS = SigV4Settings.sagemaker("us-east-1").withService("service");

    static Stream<Vector> normalised() {
        return SigV4TestSuiteVectors.ALL.stream().filter(v -> v.normalize() && !v.sessionToken());
    }

    static Stream<Vector> withSessionToken() {
        return SigV4TestSuiteVectors.ALL.stream().filter(Vector::sessionToken);
    }

    static Stream<Vector> all() {
        return SigV4TestSuiteVectors.ALL.stream();
    }

    private static SigV4Verifier verifier(String secret) {
        return new SigV4Verifier(SETTINGS, id -> id.equals(SigV4TestSuiteVectors.KEY_ID)
                ? Optional.of(AccessKey.active(id, secret, "example")) : Optional.empty(), SUITE_TIME);
    }

    /** Parses the suite's request text: request line, headers (a line starting with a space continues one), body. */
    static SigV4Request parse(String text) {
        int headerEnd = text.indexOf("\n\n");
        String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
        String body = headerEnd < 0 ? "" : text.substring(headerEnd + 2);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        int q = target.indexOf('?');
        SigV4Request.Builder b = SigV4Request.builder(method, q < 0 ? target : target.substring(0, q))
                .rawQuery(q < 0 ? null : target.substring(q + 1))
                .body(body.getBytes(StandardCharsets.UTF_8));
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && name != null) {
                value.append('\n').append(line);
                continue;
            }
            if (name != null) {
                b.header(name, value.toString());
            }
            int colon = line.indexOf(':');
            name = line.substring(0, colon);
            value = new StringBuilder(line.substring(colon + 1));
        }
        if (name != null) {
            b.header(name, value.toString());
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalised")
    void theSignedRequestIsAcceptedAndItsCanonicalRequestIsTheSuites(Vector v) {
        InvalidSignatureException mismatch = acceptedAndRecomputed(parse(v.headerSigned()));

        assertThat(mismatch.canonicalRequest()).contains(v.headerCanonical());
        assertThat(mismatch.stringToSign()).contains(v.headerStringToSign());
    }

    /** Verifies the request with the suite's secret, then returns the mismatch reported for another secret. */
    private static InvalidSignatureException acceptedAndRecomputed(SigV4Request request) {
        assertThat(verifier(SigV4TestSuiteVectors.SECRET).verify(request).accessKeyId()).contains("AKIDEXAMPLE");
        return catchThrowableOfType(() -> verifier("another secret").verify(request), InvalidSignatureException.class);
    }

    @ParameterizedTest(name = "{0} (pre-signed)")
    @MethodSource("normalised")
    void thePresignedRequestIsAcceptedAndItsCanonicalRequestIsTheSuites(Vector v) {
        assertThat(acceptedAndRecomputed(parse(v.querySigned())).canonicalRequest()).contains(v.queryCanonical());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withSessionToken")
    void aRequestWithASessionTokenIsRefused(Vector v) {
        for (String signed : new String[] {v.headerSigned(), v.querySigned()}) {
            SigV4Request request = parse(signed);
            if (request.headers("x-amz-security-token").isEmpty()
                    && (request.rawQuery() == null || !request.rawQuery().contains("X-Amz-Security-Token"))) {
                continue; // post-sts-header-after sends the token only after signing, in the header variant
            }
            UnrecognizedClientException e = catchThrowableOfType(
                    () -> verifier(SigV4TestSuiteVectors.SECRET).verify(request), UnrecognizedClientException.class);

            assertThat(e.reason()).isEqualTo(UnrecognizedClientException.Reason.SESSION_TOKEN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void theCanonicalUriIsTheSuitesWithAndWithoutNormalisation(Vector v) {
        SigV4Request request = parse(v.headerSigned());
        String expected = v.headerCanonical().split("\n", -1)[1];

        assertThat(CanonicalRequest.canonicalUri(request.rawPath(), v.normalize(), true)).isEqualTo(expected);
    }
}
