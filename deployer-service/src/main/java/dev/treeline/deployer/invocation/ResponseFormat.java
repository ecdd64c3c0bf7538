package dev.treeline.deployer.invocation;

import java.util.Locale;

import dev.treeline.deployer.endpoint.ModelSchema;

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

    /** One score per row (single-output models). */
    public String write(float[] scores) {
        return write(scores, scores.length, new StringBuilder(16 + scores.length * 24)).toString();
    }

    /** {@link #write(float[], int, ModelSchema, StringBuilder)} for a model without class names. */
    public StringBuilder write(float[] scores, int rows, StringBuilder out) {
        return write(scores, rows, null, out);
    }

    /**
     * Appends the body for {@code rows} rows to {@code out} (callers on I/O threads reuse one builder). {@code
     * scores} holds every output of every row, row after row; one output per row is a score (CSV one per line,
     * JSON {@code {"predictions":[{"score":...}]}}, JSON lines {@code {"score":...}}); several are class
     * probabilities ({@code multi:softprob}): CSV writes them comma-separated on the row's line, as SageMaker's
     * XGBoost container does, and JSON gives {@code {"score":<highest>,"predicted_label":<its class>,
     * "probabilities":[...]}}.
     *
     * <p>When the model's schema names the label's classes, JSON answers name them: {@code predicted_label} is the
     * class name and {@code labels} lists the names in probability order; a single score is a binary probability
     * (class 1 above 0.5, as XGBoost's error metric counts; above 0 for
     * {@code binary:logitraw}'s margins) or, with more than two classes, {@code multi:softmax}'s
     * class code. CSV stays SageMaker's XGBoost container shape (numbers only).
     */
    public StringBuilder write(float[] scores, int rows, ModelSchema schema, StringBuilder out) {
        ModelSchema named = schema != null && !schema.classes().isEmpty() ? schema : null;
        int width = rows == 0 ? 1 : scores.length / rows;
        switch (this) {
            case CSV -> {
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < width; k++) {
                        if (k > 0) {
                            out.append(',');
                        }
                        out.append(scores[r * width + k]);
                    }
                    out.append('\n');
                }
            }
            case JSON -> {
                out.append("{\"predictions\":[");
                for (int r = 0; r < rows; r++) {
                    if (r > 0) {
                        out.append(',');
                    }
                    prediction(scores, r, width, named, out);
                }
                out.append("]}");
            }
            case JSON_LINES -> {
                for (int r = 0; r < rows; r++) {
                    prediction(scores, r, width, named, out).append('\n');
                }
            }
        }
        return out;
    }

    private static StringBuilder prediction(float[] scores, int row, int width, ModelSchema named, StringBuilder out) {
        int offset = row * width;
        if (width == 1) {
            float score = scores[offset];
            out.append("{\"score\":").append(jsonNumber(score));
            if (named != null && score == score) { // NaN names no class
                int classes = named.classes().size();
                int code = classes == 2 ? (score > named.binaryCutoff() ? 1 : 0)
                        : score >= 0 && score < classes ? (int) score : -1;
                if (code >= 0) {
                    out.append(",\"predicted_label\":").append(named.classJson(code));
                }
            }
            return out.append('}');
        }
        int best = 0;
        for (int k = 1; k < width; k++) {
            if (scores[offset + k] > scores[offset + best]) {
                best = k; // ties keep the first class, as argmax does
            }
        }
        out.append("{\"score\":").append(jsonNumber(scores[offset + best])).append(",\"predicted_label\":");
        boolean labelled = named != null && named.classes().size() == width;
        if (labelled) {
            out.append(named.classJson(best));
        } else {
            out.append(best);
        }
        out.append(",\"probabilities\":[");
        for (int k = 0; k < width; k++) {
            if (k > 0) {
                out.append(',');
            }
            out.append(jsonNumber(scores[offset + k]));
        }
        out.append(']');
        if (labelled) {
            out.append(",\"labels\":").append(named.classesJson());
        }
        return out.append('}');
    }

    private static String jsonNumber(float value) {
        return Float.isFinite(value) ? Float.toString(value) : "null";
    }
}
