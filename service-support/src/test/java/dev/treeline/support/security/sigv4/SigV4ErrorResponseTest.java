package dev.treeline.support.security.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SigV4ErrorResponseTest {

    @Test
    void theErrorIsRenderedAsAwsJsonServicesSendIt() {
        AwsErrorResponse e = new InvalidSignatureException("Signature expired: \"a\"\n").toErrorResponse();

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.headers()).containsEntry("x-amzn-ErrorType",
                "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/");
        assertThat(e.headers()).containsEntry("Content-Type", "application/json");
        assertThat(e.body()).isEqualTo(
                "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: \\\"a\\\"\\n\"}");
    }

    @Test
    void everyRefusalHasItsAwsCode() {
        assertThat(new MissingAuthenticationTokenException().errorCode())
                .isEqualTo("MissingAuthenticationTokenException");
        assertThat(new IncompleteSignatureException("x").errorCode()).isEqualTo("IncompleteSignatureException");
        assertThat(new InvalidSignatureException("x").errorCode()).isEqualTo("InvalidSignatureException");
        assertThat(new UnrecognizedClientException(UnrecognizedClientException.Reason.UNKNOWN_KEY).errorCode())
                .isEqualTo("UnrecognizedClientException");
        assertThat(new IncompleteSignatureException("x").getStackTrace()).as("refusals are cheap").isEmpty();
    }
}
