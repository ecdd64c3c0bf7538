package dev.treeline.support.security.sigv4;

/**
 * A refused request, with the AWS error code and message that AWS services send for the same fault, so that the
 * SDKs raise their own exception types (see {@link AwsErrorResponse}). Messages never contain a secret, a session
 * token or a signature; they may contain the access key id, dates and the credential scope, as AWS's do.
 * No stack trace is captured: refusals are expected traffic, not bugs.
 */
public abstract sealed class SigV4Exception extends RuntimeException
        permits MissingAuthenticationTokenException, IncompleteSignatureException, InvalidSignatureException,
        UnrecognizedClientException {

    /** SageMaker Runtime answers every authentication failure with 403 Forbidden. */
    public static final int HTTP_FORBIDDEN = 403;

    SigV4Exception(String message) {
        super(message, null, false, false);
    }

    /** The AWS error code: {@code x-amzn-ErrorType} and {@code __type}. */
    public abstract String errorCode();

    public int httpStatus() {
        return HTTP_FORBIDDEN;
    }

    /** The response AWS JSON services send for this error. */
    public AwsErrorResponse toErrorResponse() {
        return AwsErrorResponse.of(this);
    }

    @Override
    public String toString() {
        return errorCode() + ": " + getMessage();
    }

    /** Client text echoed in a message: bounded and printable (no payload in a message, no broken log line). */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 128 ? s.substring(0, 128) + "..." : s;
        StringBuilder sb = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return sb.toString();
    }
}
