package dev.treeline.support.security.sigv4;

/**
 * The signature cannot be checked: a malformed {@code Authorization} header, a missing component, {@code host} or
 * {@code x-amz-date} not signed, a date not in ISO-8601 basic format, an unsupported algorithm or payload mode.
 */
public final class IncompleteSignatureException extends SigV4Exception {

    public static final String CODE = "IncompleteSignatureException";

    IncompleteSignatureException(String message) {
        super(message);
    }

    @Override
    public String errorCode() {
        return CODE;
    }
}
