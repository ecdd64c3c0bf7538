package dev.treeline.support.security.sigv4;

import java.util.Locale;

/** Whether InvokeEndpoint requests must carry a valid AWS Signature Version 4. */
public enum SigV4Mode {
    /** Every request must be signed (the default, as SageMaker Runtime). */
    SIGV4,
    /**
     * Verification off: for an account on a private network only. The caller logs
     * {@link SigV4Settings#startupLogLine()}.
     */
    NONE;

    /** Parses {@code sigv4} or {@code none} (case-insensitive); anything else is a configuration error. */
    public static SigV4Mode parse(String value) {
        if (value == null || value.isBlank()) {
            return SIGV4;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "sigv4" -> SIGV4;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(
                    "invocation auth mode must be 'sigv4' or 'none', not '" + value + "'");
        };
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
