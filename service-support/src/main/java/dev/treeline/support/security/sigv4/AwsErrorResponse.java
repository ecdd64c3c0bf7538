package dev.treeline.support.security.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An error as AWS JSON-protocol services send it: status, {@code x-amzn-ErrorType: <code>:<namespace>} and a body
 * {@code {"__type":"<code>","message":"..."}}. botocore's rest-json parser takes the code from
 * {@code x-amzn-ErrorType} (the part before ':'), else from the body; the SDK for Java v2's
 * {@code JsonErrorCodeParser} does the same (header first, then {@code __type}, after any '#'). Both therefore raise
 * their own type for the code ({@code ClientError} with {@code Error.Code}, {@code SageMakerRuntimeException} with
 * {@code awsErrorDetails().errorCode()}).
 *
 * @param status    HTTP status (403)
 * @param errorType the AWS error code
 * @param message   the message (no secrets)
 */
public record AwsErrorResponse(int status, String errorType, String message) {

    /** The namespace AWS appends to {@code x-amzn-ErrorType}, as SageMaker Runtime sends it. */
    public static final String CORAL_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.coral.service/";
    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    public static final String CONTENT_TYPE = "application/json";

    public static AwsErrorResponse of(SigV4Exception e) {
        return new AwsErrorResponse(e.httpStatus(), e.errorCode(), e.getMessage());
    }

    /** The response headers to set (besides a request id, which the caller adds as {@code x-amzn-RequestId}). */
    public Map<String, String> headers() {
        return Map.of(ERROR_TYPE_HEADER, errorType + ":" + CORAL_NAMESPACE, "Content-Type", CONTENT_TYPE);
    }

    public String body() {
        return "{\"__type\":" + jsonString(errorType) + ",\"message\":" + jsonString(message) + "}";
    }

    public byte[] bodyBytes() {
        return body().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code s} as a quoted JSON string. */
    public static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
