package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-place Authorization header parser: every form it accepts, every refusal (a 403 IncompleteSignatureException
 * in the AWS error shape), and the same answers as the substring/split parser it replaced, on a corpus of mangled
 * headers.
 */
class AuthorizationHeaderTest {

    static final String CREDENTIAL = "AKIATREELINETEST0001/20261201/us-east-1/sagemaker/aws4_request";
    static final String SIGNED = "accept;content-type;host;x-amz-date";
    static final String SIGNATURE = "0debd3d09154b57ed73d4a3098a11b8eba056042673dcdd461dbcc69ad7b5331";
    static final String SDK = "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=" + SIGNED
            + ", Signature=" + SIGNATURE;

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("as the SDKs send it", SDK, CREDENTIAL, SIGNED, SIGNATURE),
                Arguments.of("no space after the commas", SDK.replace(", ", ","), CREDENTIAL, SIGNED, SIGNATURE),
                Arguments.of("whitespace around everything", "  \tAWS4-HMAC-SHA256   Credential = " + CREDENTIAL
                        + " ,\tSignedHeaders= " + SIGNED + " , Signature =" + SIGNATURE + " \r\n", CREDENTIAL, SIGNED,
                        SIGNATURE),
                Arguments.of("any order", "AWS4-HMAC-SHA256 Signature=" + SIGNATURE + ", SignedHeaders=" + SIGNED
                        + ", Credential=" + CREDENTIAL, CREDENTIAL, SIGNED, SIGNATURE),
                Arguments.of("unknown components and empty ones are ignored", "AWS4-HMAC-SHA256 ,, Foo=bar, Credential="
                        + CREDENTIAL + ",, SignedHeaders=" + SIGNED + ", Signature=" + SIGNATURE + ",", CREDENTIAL,
                        SIGNED, SIGNATURE),
                Arguments.of("the last of a repeated component counts", SDK + ", Signature=abc", CREDENTIAL, SIGNED,
                        "abc"),
                Arguments.of("a value may hold '='", "AWS4-HMAC-SHA256 Credential=a=b, SignedHeaders=x, Signature=y",
                        "a=b", "x", "y"),
                Arguments.of("names are case-sensitive", "AWS4-HMAC-SHA256 credential=" + CREDENTIAL
                        + ", SignedHeaders=" + SIGNED + ", Signature=" + SIGNATURE, null, SIGNED, SIGNATURE),
                Arguments.of("an empty value is present but empty", "AWS4-HMAC-SHA256 Credential=, SignedHeaders= ,"
                        + " Signature=" + SIGNATURE, "", "", SIGNATURE),
                Arguments.of("the algorithm and a component with nothing set", "AWS4-HMAC-SHA256 Foo=", null, null,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void componentsAreFoundInPlace(String what, String header, String credential, String signedHeaders,
                                   String signature) {
        AuthorizationHeader parsed = AuthorizationHeader.parse(header);

        assertThat(text(parsed.credential())).as("Credential").isEqualTo(credential);
        assertThat(text(parsed.signedHeaders())).as("SignedHeaders").isEqualTo(signedHeaders);
        assertThat(text(parsed.signature())).as("Signature").isEqualTo(signature);
        if (parsed.signature() != null) {
            assertThat(parsed.signature().text()).as("a span of the header itself, not a copy").isSameAs(header);
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("another scheme", "Basic YWxpY2U6c2VjcmV0", "Unsupported Authorization type or algorithm"
                        + " 'Basic': only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted."),
                Arguments.of("SigV4a", SDK.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"),
                        "Unsupported Authorization type or algorithm 'AWS4-ECDSA-P256-SHA256': only AWS Signature"
                                + " Version 4 (AWS4-HMAC-SHA256) is accepted."),
                Arguments.of("the algorithm in lower case", SDK.toLowerCase(), "Unsupported Authorization type or"
                        + " algorithm 'aws4-hmac-sha256': only AWS Signature Version 4 (AWS4-HMAC-SHA256) is"
                        + " accepted."),
                Arguments.of("the algorithm glued to the first component", "AWS4-HMAC-SHA256Credential=x",
                        "Unsupported Authorization type or algorithm 'AWS4-HMAC-SHA256Credential=x': only AWS"
                                + " Signature Version 4 (AWS4-HMAC-SHA256) is accepted."),
                Arguments.of("empty", "", "Unsupported Authorization type or algorithm '': only AWS Signature"
                        + " Version 4 (AWS4-HMAC-SHA256) is accepted."),
                Arguments.of("blank", " \t ", "Unsupported Authorization type or algorithm '': only AWS Signature"
                        + " Version 4 (AWS4-HMAC-SHA256) is accepted."),
                Arguments.of("the algorithm alone", "AWS4-HMAC-SHA256", "'AWS4-HMAC-SHA256' not a valid key=value"
                        + " pair (missing equal-sign) in Authorization header."),
                Arguments.of("the algorithm alone, trailing space trimmed", "AWS4-HMAC-SHA256 \t",
                        "'AWS4-HMAC-SHA256' not a valid key=value pair (missing equal-sign) in Authorization header."),
                Arguments.of("a component without '='", "AWS4-HMAC-SHA256 garbage",
                        "'garbage' not a valid key=value pair (missing equal-sign) in Authorization header."),
                Arguments.of("a component without '=' after good ones", SDK + ", trailing junk",
                        "'trailing junk' not a valid key=value pair (missing equal-sign) in Authorization header."),
                Arguments.of("control characters are not echoed", "AWS4-HMAC-SHA256 a\u0001b\u007fc",
                        "'a?b?c' not a valid key=value pair (missing equal-sign) in Authorization header."),
                Arguments.of("a long component is cut", "AWS4-HMAC-SHA256 " + "x".repeat(300),
                        "'" + "x".repeat(128) + "...' not a valid key=value pair (missing equal-sign) in"
                                + " Authorization header."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aMalformedHeaderIsAnIncompleteSignatureInTheAwsShape(String what, String header, String message) {
        IncompleteSignatureException e = catchThrowableOfType(() -> AuthorizationHeader.parse(header),
                IncompleteSignatureException.class);

        assertThat(e).as(what).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        AwsErrorResponse response = e.toErrorResponse();
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType",
                "IncompleteSignatureException:" + AwsErrorResponse.CORAL_NAMESPACE);
        assertThat(response.body()).isEqualTo("{\"__type\":\"IncompleteSignatureException\",\"message\":"
                + AwsErrorResponse.jsonString(message) + "}");
    }

    @Test
    void answersAsTheSubstringParserItReplacedOnMangledHeaders() {
        List<String> corpus = new ArrayList<>();
        accepted().forEach(a -> corpus.add((String) a.get()[1]));
        refused().forEach(a -> corpus.add((String) a.get()[1]));
        String alphabet = " ,=\t\r\n;/aA-";
        Random random = new Random(14);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder mangled = new StringBuilder(SDK);
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = random.nextInt(mangled.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> mangled.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> mangled.delete(at, Math.min(mangled.length(), at + 1 + random.nextInt(12)));
                    default -> mangled.insert(at, ", Signature=" + random.nextInt(1000));
                }
            }
            corpus.add(mangled.toString());
        }
        for (String header : corpus) {
            String expected;
            try {
                expected = Reference.parse(header);
            } catch (IncompleteSignatureException e) {
                expected = "refused: " + e.getMessage();
            }
            String actual;
            try {
                AuthorizationHeader parsed = AuthorizationHeader.parse(header);
                actual = text(parsed.credential()) + " | " + text(parsed.signedHeaders()) + " | "
                        + text(parsed.signature());
            } catch (IncompleteSignatureException e) {
                actual = "refused: " + e.getMessage();
            }
            assertThat(actual).as("'%s'", header).isEqualTo(expected);
        }
    }

    private static String text(Span span) {
        return span == null ? null : span.toString();
    }

    /** The parser this one replaced (substring and split), as it was: what AWS answers, kept as the reference. */
    private static final class Reference {

        static String parse(String header) {
            String value = header.trim();
            int space = value.indexOf(' ');
            String algorithm = space < 0 ? value : value.substring(0, space);
            if (!algorithm.equals("AWS4-HMAC-SHA256")) {
                throw new IncompleteSignatureException("Unsupported Authorization type or algorithm '"
                        + SigV4Exception.printable(algorithm)
                        + "': only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted.");
            }
            String credential = null;
            String signedHeaders = null;
            String signature = null;
            for (String part : value.substring(space + 1).split(",", -1)) {
                String component = part.trim();
                if (component.isEmpty()) {
                    continue;
                }
                int eq = component.indexOf('=');
                if (eq < 0) {
                    throw new IncompleteSignatureException("'" + SigV4Exception.printable(component)
                            + "' not a valid key=value pair (missing equal-sign) in Authorization header.");
                }
                String name = component.substring(0, eq).trim();
                String v = component.substring(eq + 1).trim();
                switch (name) {
                    case "Credential" -> credential = v;
                    case "SignedHeaders" -> signedHeaders = v;
                    case "Signature" -> signature = v;
                    default -> { }
                }
            }
            return credential + " | " + signedHeaders + " | " + signature;
        }
    }
}
