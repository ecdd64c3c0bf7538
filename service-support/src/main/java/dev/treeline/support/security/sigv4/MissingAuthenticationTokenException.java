package dev.treeline.support.security.sigv4;

/**
 * No {@code Authorization} header and no pre-signed query: SageMaker Runtime answers 403 "Missing Authentication
 * Token".
 */
public final class MissingAuthenticationTokenException extends SigV4Exception {

    public static final String CODE = "MissingAuthenticationTokenException";

    MissingAuthenticationTokenException() {
        super("Missing Authentication Token");
    }

    @Override
    public String errorCode() {
        return CODE;
    }
}
