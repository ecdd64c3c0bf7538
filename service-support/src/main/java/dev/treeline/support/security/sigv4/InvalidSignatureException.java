package dev.treeline.support.security.sigv4;

import java.util.Optional;

/**
 * The signature was checked and is wrong: it does not match, the date is outside the clock skew, the credential is
 * scoped to another region, service or day, or the body does not match {@code x-amz-content-sha256}.
 * On a mismatch the canonical request and string to sign this server computed are available for a debug log
 * (never in the message: they hold the values of the signed headers).
 */
public final class InvalidSignatureException extends SigV4Exception {

    public static final String CODE = "InvalidSignatureException";
    public static final String MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";

    private final String canonicalRequest;
    private final String stringToSign;

    InvalidSignatureException(String message) {
        this(message, null, null);
    }

    InvalidSignatureException(String message, String canonicalRequest, String stringToSign) {
        super(message);
        this.canonicalRequest = canonicalRequest;
        this.stringToSign = stringToSign;
    }

    @Override
    public String errorCode() {
        return CODE;
    }

    /** What the server signed, for a signature mismatch (compare with the client's canonical request). */
    public Optional<String> canonicalRequest() {
        return Optional.ofNullable(canonicalRequest);
    }

    public Optional<String> stringToSign() {
        return Optional.ofNullable(stringToSign);
    }
}
