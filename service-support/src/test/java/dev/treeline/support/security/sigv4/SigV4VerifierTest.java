package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;
import dev.treeline.support.security.sigv4.AccessKeyLookup.Status;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Requests signed by the AWS SDK for Java v2's own signer ({@code AwsV4HttpSigner}), verified. */
class SigV4VerifierTest {

    static final String KEY_ID = "AKIATREELINETEST0001";
    static final String SECRET = "tR33line/Secret+Key0123456789abcdefGHIJKL";
    static final String REVOKED_ID = "AKIATREELINEREVOKED1";
    static final String REVOKED_SECRET = "revokedSecretValue/0123456789abcdefghijk";
    static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:30:00Z");
    static final byte[] BODY = "72.1,3,31.2,4.4,6,0,61.5\n65.0,2,28.0,3.1,4,1,55.2".getBytes(StandardCharsets.UTF_8);

    private final Map<String, AccessKey> table = new HashMap<>(Map.of(
            KEY_ID, AccessKey.active(KEY_ID, SECRET, "invoker-app"),
            REVOKED_ID, new AccessKey(REVOKED_ID, REVOKED_SECRET, "old-app", Status.REVOKED)));
    private final AccessKeyLookup lookup = id -> Optional.ofNullable(table.get(id));
    private final List<String> messages = new ArrayList<>();

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private SigV4Verifier verifier(SigV4Settings settings, Instant now) {
        return new SigV4Verifier(settings, lookup, at(now));
    }

    private SigV4Verifier verifier(Instant now) {
        return verifier(SigV4Settings.sagemaker("us-east-1", "eu-west-1"), now);
    }

    private static SignedRequest sign(SdkHttpRequest request, byte[] body, String id, String secret, Instant when) {
        return SdkSigning.sign(request, body, AwsCredentialsIdentity.create(id, secret), at(when), "us-east-1",
                r -> { });
    }

    private static SignedRequest signed() {
        return sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, KEY_ID, SECRET, SIGNED_AT);
    }

    private static SigV4Request received(SignedRequest s) {
        return SdkSigning.received(s, BODY);
    }

    /** The received request after a change on the way (a proxy, an attacker). */
    private static SigV4Request changed(SignedRequest s, UnaryOperator<SdkHttpRequest.Builder> change) {
        SdkHttpRequest r = change.apply(s.request().toBuilder()).build();
        return SdkSigning.received(SignedRequest.builder().request(r).payload(s.payload().orElse(null)).build(), BODY);
    }

    /** The received request with one header replaced (or removed when value is null). */
    private static SigV4Request withHeader(SignedRequest s, String name, String value) {
        return changed(s, b -> value == null ? b.removeHeader(name) : b.putHeader(name, value));
    }

    private static String authorization(SignedRequest s) {
        return s.request().firstMatchingHeader("Authorization").orElseThrow();
    }

    private <T extends SigV4Exception> T refused(SigV4Verifier verifier, SigV4Request request, Class<T> type) {
        T e = catchThrowableOfType(() -> verifier.verify(request), type);
        assertThat(e).as("refused with " + type.getSimpleName()).isNotNull();
        assertThat(e.httpStatus()).isEqualTo(403);
        messages.add(e.getMessage());
        messages.add(e.toString());
        messages.add(e.toErrorResponse().body());
        return e;
    }

    /** As a server passes them: its own case-insensitive header map, read only for the headers the verifier needs. */
    private static SigV4Request fromHeaderSource(SignedRequest s, String hostOverride) {
        java.util.TreeMap<String, List<String>> serverHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        serverHeaders.putAll(s.request().headers());
        serverHeaders.putIfAbsent("Host", List.of(s.request().host()));
        List<String> asked = new ArrayList<>();
        SigV4Request.Builder b = SigV4Request.builder("POST", s.request().encodedPath()).body(BODY)
                .headerSource(name -> {
                    asked.add(name);
                    return serverHeaders.get(name);
                });
        if (hostOverride != null) {
            b.header("host", hostOverride);
        }
        SigV4Request request = b.build();
        assertThatThrownBy(() -> b.header("x-late", "1")).isInstanceOf(IllegalStateException.class);
        assertThat(asked).as("nothing is read before verification").isEmpty();
        return request;
    }

    @Test
    void headersReadFromTheServersOwnMapVerifyLikeCopiedOnesAndAnAddedHeaderTakesPrecedence() {
        SignedRequest s = signed();
        assertThat(verifier(SIGNED_AT).verify(fromHeaderSource(s, null)).owner()).contains("invoker-app");
        assertThatThrownBy(() -> verifier(SIGNED_AT).verify(fromHeaderSource(s, "attacker.example")))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void aMalformedSignedHeadersLineIsRefusedEveryTimeNotOnlyTheFirst() {
        SigV4Verifier verifier = verifier(SIGNED_AT);
        SignedRequest s = signed();
        String auth = s.request().firstMatchingHeader("Authorization").orElseThrow()
                .replaceFirst("SignedHeaders=", "SignedHeaders=Bad;");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> verifier.verify(withHeader(s, "Authorization", auth)))
                    .isInstanceOf(IncompleteSignatureException.class).hasMessageContaining("SignedHeaders");
        }
        assertThat(verifier.verify(received(s)).verified()).isTrue();
        assertThat(verifier.verify(received(s)).verified()).as("the cached line still verifies").isTrue();
    }

    @Test
    void anInvokeEndpointRequestSignedByTheSdkIsAccepted() {
        SignedRequest s = signed();
        assertThat(authorization(s)).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID
                + "/20261201/us-east-1/sagemaker/aws4_request, SignedHeaders=");

        SigV4Principal caller = verifier(SIGNED_AT).verify(received(s));

        assertThat(caller.verified()).isTrue();
        assertThat(caller.accessKeyId()).contains(KEY_ID);
        assertThat(caller.owner()).contains("invoker-app");
        assertThat(caller.region()).contains("us-east-1");
        assertThat(caller.signedAt()).contains(SIGNED_AT);
    }

    @Test
    void withPayloadSigningTheDeclaredContentHashIsCheckedAgainstTheBody() {
        SignedRequest s = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(SIGNED_AT), "us-east-1",
                r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        assertThat(s.request().firstMatchingHeader("x-amz-content-sha256")).contains(Crypto.sha256Hex(BODY));
        SigV4Verifier verifier = verifier(SIGNED_AT);

        assertThat(verifier.verify(received(s)).verified()).isTrue();
        assertThat(verifier.verify(SigV4Request.builder("POST", "/endpoints/house-prices/invocations")
                .headers(s.request().headers()).payloadSha256(Crypto.sha256Hex(BODY)).build()).verified())
                .as("the caller may pass the hash it computed while streaming").isTrue();

        InvalidSignatureException e = refused(verifier,
                SdkSigning.received(s, "1,2,3".getBytes(StandardCharsets.UTF_8)), InvalidSignatureException.class);
        assertThat(e.getMessage())
                .isEqualTo("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void aWrongSecretIsAnInvalidSignature() {
        SignedRequest s = sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, KEY_ID,
                "not-the-secret/0123456789abcdefghijklmnop", SIGNED_AT);

        InvalidSignatureException e = refused(verifier(SIGNED_AT), received(s), InvalidSignatureException.class);

        assertThat(e.errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(e.getMessage()).isEqualTo(InvalidSignatureException.MISMATCH);
        assertThat(e.canonicalRequest()).get().asString()
                .startsWith("POST\n/endpoints/house-prices/invocations\n\n")
                .endsWith("\n" + Crypto.sha256Hex(BODY));
        assertThat(e.stringToSign()).get().asString().startsWith("AWS4-HMAC-SHA256\n20261201T103000Z\n"
                + "20261201/us-east-1/sagemaker/aws4_request\n");
    }

    @Test
    void aTamperedBodyIsAnInvalidSignature() {
        byte[] otherBody = "99.9,3,31.2,4.4,6,0,61.5".getBytes(StandardCharsets.UTF_8);
        SigV4Request tampered = SdkSigning.received(signed(), otherBody);

        assertThat(refused(verifier(SIGNED_AT), tampered, InvalidSignatureException.class).getMessage())
                .isIn(InvalidSignatureException.MISMATCH,
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
        SigV4Request.Builder withoutContentHash = SigV4Request.builder("POST", "/endpoints/house-prices/invocations")
                .body(otherBody);
        signed().request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("x-amz-content-sha256")) {
                values.forEach(v -> withoutContentHash.header(name, v));
            }
        });
        assertThat(refused(verifier(SIGNED_AT), withoutContentHash.build(), InvalidSignatureException.class)
                .getMessage())
                .as("without the header the body hash is in the signed canonical request")
                .isEqualTo(InvalidSignatureException.MISMATCH);
    }

    @Test
    void aTamperedSignedHeaderIsAnInvalidSignature() {
        SignedRequest s = signed();
        assertThat(authorization(s)).contains("x-amzn-sagemaker-target-model");

        refused(verifier(SIGNED_AT), withHeader(s, "X-Amzn-SageMaker-Target-Model", "other-model.tar.gz"),
                InvalidSignatureException.class);
        refused(verifier(SIGNED_AT), withHeader(s, "Content-Type", "application/json"),
                InvalidSignatureException.class);
    }

    @Test
    void aChangedOrAddedUnsignedHeaderIsStillAccepted() {
        SignedRequest s = signed();
        assertThat(authorization(s)).as("the SDK never signs User-Agent").doesNotContain("user-agent");
        SigV4Request changed = changed(s, b -> b.putHeader("User-Agent", "curl/8.0")
                .putHeader("X-Forwarded-For", "10.0.0.7").putHeader("Connection", "close"));

        assertThat(verifier(SIGNED_AT).verify(changed).verified()).isTrue();
    }

    @Test
    void headerNamesAreCaseInsensitiveAndRepeatedHeadersAreJoined() {
        SdkHttpRequest request = SdkSigning.invokeEndpoint("house-prices")
                .appendHeader("X-Amzn-SageMaker-Custom-Attributes", "trace=1")
                .appendHeader("X-Amzn-SageMaker-Custom-Attributes", "  tenant =  a   b ")
                .build();
        SignedRequest s = sign(request, BODY, KEY_ID, SECRET, SIGNED_AT);
        SigV4Request.Builder upper = SigV4Request.builder("POST", "/endpoints/house-prices/invocations").body(BODY);
        s.request().forEachHeader((name, values) -> values.forEach(v -> upper.header(name.toUpperCase(), v)));

        assertThat(verifier(SIGNED_AT).verify(received(s)).verified()).isTrue();
        assertThat(verifier(SIGNED_AT).verify(upper.build()).verified()).isTrue();
    }

    @Test
    void aMissingAuthorizationHeaderIsAMissingAuthenticationToken() {
        MissingAuthenticationTokenException e = refused(verifier(SIGNED_AT),
                withHeader(signed(), "Authorization", null), MissingAuthenticationTokenException.class);

        assertThat(e.errorCode()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(e.getMessage()).isEqualTo("Missing Authentication Token");
    }

    @Test
    void anAuthorizationHeaderWithoutItsSignatureIsIncomplete() {
        SignedRequest s = signed();
        String withoutSignature = authorization(s).replaceAll(", Signature=[0-9a-f]+", "");

        IncompleteSignatureException e = refused(verifier(SIGNED_AT), withHeader(s, "Authorization", withoutSignature),
                IncompleteSignatureException.class);

        assertThat(e.errorCode()).isEqualTo("IncompleteSignatureException");
        assertThat(e.getMessage()).isEqualTo("Authorization header requires 'Signature' parameter.");
        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "Authorization", "AWS4-HMAC-SHA256 garbage"),
                IncompleteSignatureException.class).getMessage())
                .isEqualTo("'garbage' not a valid key=value pair (missing equal-sign) in Authorization header.");
        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "Authorization", "Basic YWxpY2U6c2VjcmV0"),
                IncompleteSignatureException.class).getMessage()).contains("only AWS Signature Version 4");
    }

    @Test
    void hostAndXAmzDateMustBeSigned() {
        SignedRequest s = signed();
        String auth = authorization(s);
        String withoutHost = auth.replace("host;", "");
        String withoutDate = auth.replace(";x-amz-date", "");
        assertThat(withoutHost).isNotEqualTo(auth);
        assertThat(withoutDate).isNotEqualTo(auth);

        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "Authorization", withoutHost),
                IncompleteSignatureException.class).getMessage())
                .isEqualTo("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "Authorization", withoutDate),
                IncompleteSignatureException.class).getMessage())
                .isEqualTo("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "X-Amz-Date", null), IncompleteSignatureException.class)
                .getMessage()).isEqualTo("Authorization header requires existence of an 'X-Amz-Date' header.");
    }

    @Test
    void aDateNotInIsoBasicFormatIsIncomplete() {
        assertThat(refused(verifier(SIGNED_AT), withHeader(signed(), "X-Amz-Date", "2026-12-01T10:30:00Z"),
                IncompleteSignatureException.class).getMessage())
                .isEqualTo("Date must be in ISO-8601 'basic format'. Got '2026-12-01T10:30:00Z'."
                        + " See http://en.wikipedia.org/wiki/ISO_8601");
        refused(verifier(SIGNED_AT), withHeader(signed(), "X-Amz-Date", "20261301T103000Z"),
                IncompleteSignatureException.class);
    }

    @Test
    void aDateOutsideTheFifteenMinuteSkewIsAnInvalidSignatureAndOneInsideIsAccepted() {
        SigV4Request request = received(signed());

        assertThat(verifier(SIGNED_AT.plus(Duration.ofMinutes(14))).verify(request).verified()).isTrue();
        assertThat(verifier(SIGNED_AT.minus(Duration.ofMinutes(14))).verify(request).verified()).isTrue();
        assertThat(refused(verifier(SIGNED_AT.plus(Duration.ofMinutes(16))), request, InvalidSignatureException.class)
                .getMessage())
                .isEqualTo("Signature expired: 20261201T103000Z is now earlier than 20261201T103100Z"
                        + " (20261201T104600Z - 15 min.)");
        assertThat(refused(verifier(SIGNED_AT.minus(Duration.ofMinutes(16))), request, InvalidSignatureException.class)
                .getMessage())
                .isEqualTo("Signature not yet current: 20261201T103000Z is still later than 20261201T102900Z"
                        + " (20261201T101400Z + 15 min.)");
    }

    @Test
    void theScopeMustNameAnAcceptedRegionTheServiceAndTheDayOfXAmzDate() {
        SignedRequest otherRegion = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(SIGNED_AT), "ap-south-1", r -> { });
        SignedRequest otherService = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(SIGNED_AT), "us-east-1",
                r -> r.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "runtime.sagemaker"));
        SignedRequest s = signed();

        assertThat(refused(verifier(SIGNED_AT), received(otherRegion), InvalidSignatureException.class).getMessage())
                .isEqualTo("Credential should be scoped to a valid region, not 'ap-south-1'.");
        assertThat(refused(verifier(SIGNED_AT), received(otherService), InvalidSignatureException.class).getMessage())
                .isEqualTo("Credential should be scoped to correct service: 'sagemaker'.");
        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "Authorization",
                authorization(s).replace("/20261201/", "/20261130/")), InvalidSignatureException.class).getMessage())
                .isEqualTo("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP:"
                        + " '20261130' != '20261201', from '20261201T103000Z'.");
        assertThat(refused(verifier(SIGNED_AT), withHeader(s, "Authorization",
                authorization(s).replace("Credential=" + KEY_ID + "/", "Credential=")),
                IncompleteSignatureException.class).getMessage())
                .startsWith("Credential must have exactly 5 slash-delimited elements");
        SigV4Settings eu = SigV4Settings.sagemaker("eu-west-1");
        refused(verifier(eu, SIGNED_AT), received(s), InvalidSignatureException.class);
    }

    @Test
    void anUnknownAndARevokedKeyAreUnrecognizedClientsWithDistinctReasons() {
        SignedRequest unknown = sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, "AKIAUNKNOWNKEY000000",
                SECRET, SIGNED_AT);
        SignedRequest revoked = sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, REVOKED_ID,
                REVOKED_SECRET, SIGNED_AT);

        SigV4Verifier verifier = verifier(SIGNED_AT);
        UnrecognizedClientException u = refused(verifier, received(unknown), UnrecognizedClientException.class);
        UnrecognizedClientException r = refused(verifier, received(revoked), UnrecognizedClientException.class);

        assertThat(u.errorCode()).isEqualTo("UnrecognizedClientException");
        assertThat(u.getMessage()).isEqualTo("The security token included in the request is invalid.");
        assertThat(r.getMessage()).as("the same answer as AWS gives").isEqualTo(u.getMessage());
        assertThat(u.reason()).isEqualTo(UnrecognizedClientException.Reason.UNKNOWN_KEY);
        assertThat(r.reason()).isEqualTo(UnrecognizedClientException.Reason.REVOKED_KEY);
    }

    @Test
    void aRevokedKeyIsRefusedEvenAfterItsSigningKeyWasCached() {
        SigV4Verifier verifier = verifier(SIGNED_AT);
        SigV4Request request = received(signed());
        verifier.verify(request);

        table.put(KEY_ID, new AccessKey(KEY_ID, SECRET, "invoker-app", Status.REVOKED));

        assertThat(refused(verifier, request, UnrecognizedClientException.class).reason())
                .isEqualTo(UnrecognizedClientException.Reason.REVOKED_KEY);
    }

    @Test
    void temporaryCredentialsAreRefusedWithAClearMessage() {
        SignedRequest s = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsSessionCredentialsIdentity.create(KEY_ID, SECRET, "FwoGZXIvYXdzEXAMPLEsessionTOKEN"), at(SIGNED_AT),
                "us-east-1", r -> { });
        assertThat(s.request().firstMatchingHeader("X-Amz-Security-Token")).isPresent();

        UnrecognizedClientException e = refused(verifier(SIGNED_AT), received(s), UnrecognizedClientException.class);

        assertThat(e.reason()).isEqualTo(UnrecognizedClientException.Reason.SESSION_TOKEN);
        assertThat(e.getMessage()).startsWith("The security token included in the request is invalid")
                .contains("temporary credentials (X-Amz-Security-Token) are not supported");
        assertThat(String.join("\n", messages)).doesNotContain("FwoGZXIvYXdzEXAMPLEsessionTOKEN");
    }

    @Test
    void behindAProxyTheConfiguredHostIsTheOneSigned() {
        SdkHttpRequest publicRequest = SdkSigning.invokeEndpoint("house-prices").host("models.example.com").build();
        SignedRequest s = sign(publicRequest, BODY, KEY_ID, SECRET, SIGNED_AT);
        SigV4Request atTheDeployer = withHeader(s, "Host", "deployer-prod:8080");

        refused(verifier(SIGNED_AT), atTheDeployer, InvalidSignatureException.class);
        SigV4Verifier overridden = verifier(SigV4Settings.sagemaker("us-east-1").withExpectedHost(" models.example.com "),
                SIGNED_AT);
        assertThat(overridden.verify(atTheDeployer).verified()).isTrue();
        refused(verifier(SigV4Settings.sagemaker("us-east-1").withExpectedHost("other.example.com"), SIGNED_AT),
                atTheDeployer, InvalidSignatureException.class);
    }

    @Test
    void aPathWithCharactersNeedingEncodingIsEncodedTwiceAndNormalised() {
        for (String name : List.of("house prices", "prices+2026", "a/b", "ümlaut-ß", "x%41y", "tilde~._-",
                "semi;colon=1", "emoji-\uD83D\uDE00", "(paren)!*'")) {
            SdkHttpRequest request = SdkSigning.invokeEndpoint(SdkHttpUtils.urlEncode(name)).build();
            SignedRequest s = sign(request, BODY, KEY_ID, SECRET, SIGNED_AT);

            assertThat(verifier(SIGNED_AT).verify(received(s)).verified()).as(name + " -> " + request.encodedPath())
                    .isTrue();
        }
        for (String rawPath : List.of("/endpoints/a/./invocations", "/endpoints//a/invocations",
                "/endpoints/a/b/../invocations", "/endpoints/a/invocations/", "/")) {
            SdkHttpRequest request = SdkSigning.invokeEndpoint("x").encodedPath(rawPath).build();
            SignedRequest s = sign(request, BODY, KEY_ID, SECRET, SIGNED_AT);

            assertThat(verifier(SIGNED_AT).verify(received(s)).verified()).as(rawPath).isTrue();
        }
        assertThat(CanonicalRequest.canonicalUri("/endpoints/house%20prices/invocations"))
                .isEqualTo("/endpoints/house%2520prices/invocations");
        for (String p : List.of("/", "/a", "/a/", "/a/b.c", "/.a/..b/...", "/a.", "/a/.", "/a/..", "//a", "/a//",
                "/./a", "/../a", "/a/./b", "/a/../b", "/.well-known/x")) {
            if (!CanonicalRequest.needsNormalization(p)) {
                assertThat(CanonicalRequest.normalizePath(p)).as("fast path for " + p).isEqualTo(p);
            } else {
                assertThat(CanonicalRequest.normalizePath(p)).as(p).isNotEqualTo(p);
            }
        }
    }

    @Test
    void queryParametersAreSortedAndEncoded() {
        SdkHttpRequest request = SdkSigning.invokeEndpoint("house-prices")
                .putRawQueryParameter("b", "2 two").putRawQueryParameter("A", List.of("z", "a+b"))
                .putRawQueryParameter("empty", "").build();
        SignedRequest s = sign(request, BODY, KEY_ID, SECRET, SIGNED_AT);

        SigV4Request received = received(s);
        assertThat(verifier(SIGNED_AT).verify(received).verified()).isTrue();
        assertThat(CanonicalRequest.canonicalQuery(received.rawQuery(), null))
                .isEqualTo("A=a%2Bb&A=z&b=2%20two&empty=");
    }

    @Test
    void theSigningKeyIsDerivedOncePerKeyDayRegionAndService() {
        Instant now = SIGNED_AT;
        SigV4Verifier verifier = verifier(now);
        for (int i = 0; i < 50; i++) {
            SdkHttpRequest request = SdkSigning.invokeEndpoint("model-" + i).build();
            verifier.verify(received(sign(request, BODY, KEY_ID, SECRET, now.minusSeconds(i))));
        }
        assertThat(verifier.signingKeyDerivations()).isEqualTo(1);

        SignedRequest otherRegion = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(now), "eu-west-1", r -> { });
        verifier.verify(received(otherRegion));
        verifier.verify(received(otherRegion));
        assertThat(verifier.signingKeyDerivations()).isEqualTo(2);

        Instant nextDay = now.plus(Duration.ofDays(1));
        SigV4Verifier tomorrow = new SigV4Verifier(verifier.settings(), lookup, at(nextDay));
        tomorrow.verify(received(sign(SdkSigning.invokeEndpoint("a").build(), BODY, KEY_ID, SECRET, nextDay)));
        tomorrow.verify(received(sign(SdkSigning.invokeEndpoint("b").build(), BODY, KEY_ID, SECRET, nextDay)));
        assertThat(tomorrow.signingKeyDerivations()).isEqualTo(1);
    }

    @Test
    void aReplacedSecretIsNotServedFromTheCache() {
        SigV4Verifier verifier = verifier(SIGNED_AT);
        verifier.verify(received(signed()));
        table.put(KEY_ID, AccessKey.active(KEY_ID, "a-brand-new-secret/0123456789abcdefghij", "invoker-app"));

        refused(verifier, received(signed()), InvalidSignatureException.class);
        assertThat(verifier.verify(received(sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, KEY_ID,
                "a-brand-new-secret/0123456789abcdefghij", SIGNED_AT))).verified()).isTrue();
    }

    @Test
    void eachThreadKeepsTheSigningKeyItUsedLastForThatKeyDayAndRegionOnly() throws Exception {
        String otherId = "AKIATREELINETEST0002";
        String otherSecret = "another/Secret+Key0123456789abcdefGHIJKL";
        table.put(otherId, AccessKey.active(otherId, otherSecret, "other-app"));
        SigV4Verifier verifier = verifier(SIGNED_AT);
        SignedRequest mine = signed();
        SignedRequest other = sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, otherId, otherSecret,
                SIGNED_AT);
        SignedRequest mineInEurope = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(SIGNED_AT), "eu-west-1", r -> { });
        SignedRequest myIdTheirSecret = sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY, KEY_ID,
                otherSecret, SIGNED_AT);

        for (int round = 0; round < 3; round++) {
            assertThat(verifier.verify(received(mine)).owner()).contains("invoker-app");
            assertThat(verifier.verify(received(other)).owner()).contains("other-app");
            refused(verifier, received(myIdTheirSecret), InvalidSignatureException.class);
            assertThat(verifier.verify(received(mineInEurope)).region()).contains("eu-west-1");
            refused(verifier, changed(mine, b -> b.putHeader("X-Amzn-SageMaker-Target-Model", "other.tar.gz")),
                    InvalidSignatureException.class);
        }
        Thread thread = new Thread(() -> verifier.verify(received(other)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        thread.join();
        assertThat(failure.get()).as("another thread verifies with its own HMAC").isNull();
        assertThat(verifier.signingKeyDerivations()).as("one per key and region, however they alternate")
                .isEqualTo(3);
    }

    @Test
    void signedHeaderLinesSharingACacheSlotAreToldApart() {
        SignedRequest a = sign(SdkSigning.invokeEndpoint("house-prices").putHeader("X-Aa1", "1").build(), BODY, KEY_ID,
                SECRET, SIGNED_AT);
        SignedRequest b = sign(SdkSigning.invokeEndpoint("house-prices").putHeader("X-Ab1", "1").build(), BODY, KEY_ID,
                SECRET, SIGNED_AT);
        String lineA = signedHeaders(a);
        String lineB = signedHeaders(b);
        assertThat(lineA).isNotEqualTo(lineB).contains("x-aa1");
        assertThat(SigV4Verifier.slot(Span.of(lineA))).as("the same slot")
                .isEqualTo(SigV4Verifier.slot(Span.of(lineB)));
        SigV4Verifier verifier = verifier(SIGNED_AT);

        for (int i = 0; i < 3; i++) {
            assertThat(verifier.verify(received(a)).verified()).isTrue();
            assertThat(verifier.verify(received(b)).verified()).isTrue();
        }
        refused(verifier, withHeader(b, "Authorization", authorization(b).replace(lineB, lineA)),
                InvalidSignatureException.class);
        assertThat(verifier.verify(received(b)).verified()).isTrue();
    }

    private static String signedHeaders(SignedRequest s) {
        return authorization(s).replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
    }

    @Test
    void xAmzDateIsReadStrictlyAsSecondsSinceTheEpoch() {
        java.util.Random random = new java.util.Random(4);
        java.time.format.DateTimeFormatter basic = java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
        for (int i = 0; i < 2_000; i++) {
            java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(random.nextLong(0, 8_000_000_000L), 0,
                    ZoneOffset.UTC);
            assertThat(SigV4Verifier.epochSecond(basic.format(t))).isEqualTo(t.toEpochSecond(ZoneOffset.UTC));
        }
        assertThat(SigV4Verifier.epochSecond("20280229T235959Z"))
                .isEqualTo(Instant.parse("2028-02-29T23:59:59Z").getEpochSecond());
        for (String bad : List.of("20270229T103000Z", "20261131T103000Z", "20261200T103000Z", "20261201T240000Z",
                "20261201T236000Z", "20261201T235960Z", "2026120lT103000Z", "20261201 103000Z", "20261201T103000z",
                "20261201T1030001", "20261201T103000", "+2026121T103000Z", "")) {
            assertThat(catchThrowableOfType(() -> SigV4Verifier.epochSecond(bad), IncompleteSignatureException.class))
                    .as(bad).isNotNull()
                    .hasMessage("Date must be in ISO-8601 'basic format'. Got '" + bad + "'."
                            + " See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    @Test
    void unsignedAndChunkedPayloadsAreRefusedUnlessAllowed() {
        SignedRequest s = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(SIGNED_AT), "us-east-1",
                r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(s.request().firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");

        assertThat(refused(verifier(SIGNED_AT), received(s), IncompleteSignatureException.class).getMessage())
                .contains("UNSIGNED-PAYLOAD is not accepted");
        SigV4Verifier lenient =
                verifier(SigV4Settings.sagemaker("us-east-1").withAllowUnsignedPayload(true), SIGNED_AT);
        assertThat(lenient.verify(received(s)).verified()).isTrue();
        refused(verifier(SIGNED_AT), withHeader(s, "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
                IncompleteSignatureException.class);
    }

    @Test
    void aPresignedRequestIsAccepted() {
        SignedRequest s = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), BODY,
                AwsCredentialsIdentity.create(KEY_ID, SECRET), at(SIGNED_AT), "us-east-1",
                r -> r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(60))
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
        SigV4Request received = received(s);
        assertThat(received.rawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=3600");

        assertThat(verifier(SIGNED_AT.plus(Duration.ofMinutes(50))).verify(received).verified()).isTrue();
        assertThat(refused(verifier(SIGNED_AT.plus(Duration.ofMinutes(61))), received, InvalidSignatureException.class)
                .getMessage()).startsWith("Signature expired: 20261201T113000Z is now earlier than 20261201T113100Z");
        refused(verifier(SIGNED_AT), SdkSigning.received(s, "tampered".getBytes(StandardCharsets.UTF_8)),
                InvalidSignatureException.class);
    }

    @Test
    void modeNoneAcceptsAnythingAsUnverifiedAndSaysSoAtStartUp() {
        SigV4Settings none = SigV4Settings.sagemaker("us-east-1").withMode(SigV4Mode.parse("none"));

        SigV4Principal caller =
                verifier(none, SIGNED_AT).verify(SigV4Request.builder("POST", "/endpoints/x/invocations").build());

        assertThat(caller.verified()).isFalse();
        assertThat(caller.owner()).isEmpty();
        assertThat(none.startupLogLine()).contains("authentication is OFF (mode none)").contains("private network");
        assertThat(SigV4Settings.sagemaker("us-east-1").startupLogLine()).contains("(mode sigv4)")
                .contains("'sagemaker'").contains("15 min");
        assertThat(SigV4Mode.parse(null)).isEqualTo(SigV4Mode.SIGV4);
        assertThat(SigV4Mode.parse("SigV4")).isEqualTo(SigV4Mode.SIGV4);
        assertThatThrownBy(() -> SigV4Mode.parse("off")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noSecretAppearsInAnyMessageOrToString() {
        aWrongSecretIsAnInvalidSignature();
        anUnknownAndARevokedKeyAreUnrecognizedClientsWithDistinctReasons();
        aDateOutsideTheFifteenMinuteSkewIsAnInvalidSignatureAndOneInsideIsAccepted();
        hostAndXAmzDateMustBeSigned();
        messages.add(table.get(KEY_ID).toString());
        messages.add(table.get(REVOKED_ID).toString());
        messages.add(received(signed()).toString());
        messages.add(SigV4Settings.sagemaker("us-east-1").toString());

        String all = String.join("\n", messages);
        assertThat(all).doesNotContain(SECRET).doesNotContain(REVOKED_SECRET).doesNotContain("not-the-secret");
        assertThat(all).doesNotContain(authorization(signed()).replaceAll(".*Signature=", ""));
    }
}
