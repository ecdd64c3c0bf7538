package dev.treeline.deployer.invocation;

import java.util.Locale;

/** The response media types InvokeEndpoint clients ask for with {@code Accept}. */
public enum ResponseFormat {
    CSV("text/csv"),
    JSON("application/json"),
    JSON_LINES("application/jsonlines");

    private final String mediaType;

    ResponseFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The first supported type the client lists; no Accept (or any type) means text/csv, as SageMaker XGBoost does. */
    public static ResponseFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return CSV;
        }
        for (String part : accept.split(",")) {
            String type = RequestParser.mediaType(part).toLowerCase(Locale.ROOT);
            switch (type) {
                case "text/csv", "text/*", "*/*", "text/plain":
                    return CSV;
                case "application/json", "application/*":
                    return JSON;
                case "application/jsonlines", "application/x-jsonlines", "application/jsonl":
                    return JSON_LINES;
                default:
                    break;
            }
        }
        throw new InvocationError(406, InvocationError.VALIDATION, "Accept '" + accept
                + "' is not supported; use text/csv, application/json or application/jsonlines");
    }

    /** One score per row: CSV one per line, JSON {"predictions":[{"score":...}]}, JSON lines {"score":...}. */
    public String write(float[] scores) {
        return write(scores, new StringBuilder(16 + scores.length * 24)).toString();
    }

    /** Appends the body for {@code scores} to {@code out} (callers on I/O threads reuse one builder). */
    public StringBuilder write(float[] scores, StringBuilder out) {
        switch (this) {
            case CSV -> {
                for (float score : scores) {
                    out.append(score).append('\n');
                }
            }
            case JSON -> {
                out.append("{\"predictions\":[");
                for (int i = 0; i < scores.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append("{\"score\":").append(jsonNumber(scores[i])).append('}');
                }
                out.append("]}");
            }
            case JSON_LINES -> {
                for (float score : scores) {
                    out.append("{\"score\":").append(jsonNumber(score)).append("}\n");
                }
            }
        }
        return out;
    }

    private static String jsonNumber(float value) {
        return Float.isFinite(value) ? Float.toString(value) : "null";
    }
}
