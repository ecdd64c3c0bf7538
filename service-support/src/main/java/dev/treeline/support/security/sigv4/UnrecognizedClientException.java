package dev.treeline.support.security.sigv4;

/**
 * The access key id is unknown or revoked, or the request carries a session token (temporary credentials are not
 * supported). The response is the same for an unknown and a revoked key, as on AWS; {@link #reason()} tells them
 * apart for the server's own log and metrics.
 */
public final class UnrecognizedClientException extends SigV4Exception {

    public static final String CODE = "UnrecognizedClientException";
    public static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    public static final String SESSION_TOKEN_REFUSED = "The security token included in the request is invalid:"
            + " temporary credentials (X-Amz-Security-Token) are not supported here; sign with a long-term access key"
            + " (key id and secret) issued by Treeline.";

    public enum Reason { UNKNOWN_KEY, REVOKED_KEY, SESSION_TOKEN }

    private final Reason reason;

    UnrecognizedClientException(Reason reason) {
        super(reason == Reason.SESSION_TOKEN ? SESSION_TOKEN_REFUSED : INVALID_TOKEN);
        this.reason = reason;
    }

    @Override
    public String errorCode() {
        return CODE;
    }

    public Reason reason() {
        return reason;
    }
}
