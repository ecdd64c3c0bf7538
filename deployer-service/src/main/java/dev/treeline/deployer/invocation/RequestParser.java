package dev.treeline.deployer.invocation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.treeline.deployer.endpoint.ModelSchema;

/**
 * Reads InvokeEndpoint bodies the way the SageMaker XGBoost container does: {@code text/csv} (one row per
 * line, features only, empty field = missing), {@code text/libsvm} ({@code [label] index:value ...}, index =
 * feature column from 0, categorical features as codes) and {@code application/json} ({@link JsonRows}: arrays,
 * {@code {"features":[...]}} or instances by feature name; null = missing). CSV and JSON map raw category values with
 * the model's dictionary once the model is known. Every complaint names the line/row and column.
 */
public final class RequestParser {

    private RequestParser() {
    }

    public static FeatureRows parse(String contentType, byte[] body) {
        if (body.length == 0) {
            throw InvocationError.validation("request body is empty: send at least one row of features");
        }
        String type = mediaType(contentType);
        switch (type) {
            case "text/csv":
            case "text/plain":
            case "":
                return CsvRows.parse(body);
            case "text/libsvm":
            case "text/x-libsvm":
            case "application/x-libsvm":
                return libsvm(new String(body, StandardCharsets.UTF_8));
            case "application/json":
                return JsonRows.parse(body);
            default:
                throw new InvocationError(415, InvocationError.VALIDATION, "Content-Type '" + contentType
                        + "' is not supported; use text/csv, text/libsvm or application/json");
        }
    }

    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static float number(String field, int line, int column) {
        if (field.isEmpty() || field.equalsIgnoreCase("nan")) {
            return Float.NaN; // missing value, as XGBoost treats it
        }
        try {
            float value = Float.parseFloat(field);
            if (Float.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw InvocationError.validation("line " + line + ", column " + column + ": '" + abbreviate(field)
                    + "' is not a number");
        }
    }

    private static FeatureRows libsvm(String text) {
        List<int[]> indices = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] all = text.split("\r?\n");
        for (int l = 0; l < all.length; l++) {
            String line = all[l].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] tokens = line.split("\\s+");
            int first = tokens[0].indexOf(':') < 0 ? 1 : 0; // a leading label is ignored
            int[] idx = new int[tokens.length - first];
            float[] val = new float[tokens.length - first];
            for (int t = first; t < tokens.length; t++) {
                int colon = tokens[t].indexOf(':');
                if (colon <= 0) {
                    throw InvocationError.validation("line " + (l + 1) + ": '" + abbreviate(tokens[t])
                            + "' is not index:value");
                }
                try {
                    idx[t - first] = Integer.parseInt(tokens[t].substring(0, colon));
                } catch (NumberFormatException e) {
                    throw InvocationError.validation("line " + (l + 1) + ": '" + abbreviate(tokens[t])
                            + "' has a non-numeric feature index");
                }
                if (idx[t - first] < 0) {
                    throw InvocationError.validation("line " + (l + 1) + ": feature index must not be negative");
                }
                val[t - first] = number(tokens[t].substring(colon + 1), l + 1, t + 1);
            }
            indices.add(idx);
            values.add(val);
            lines.add(l + 1);
        }
        if (indices.isEmpty()) {
            throw InvocationError.validation("request body has no rows: send one libsvm row per line");
        }
        return new FeatureRows() {
            @Override
            public int count() {
                return indices.size();
            }

            @Override
            public float[] flat(String model, ModelSchema schema) {
                int width = schema.numFeatures();
                long numFeatures = width;
                float[] flat = new float[Math.toIntExact(indices.size() * numFeatures)];
                Arrays.fill(flat, Float.NaN);
                for (int r = 0; r < indices.size(); r++) {
                    int[] idx = indices.get(r);
                    for (int k = 0; k < idx.length; k++) {
                        if (idx[k] >= numFeatures) {
                            throw InvocationError.validation("line " + lines.get(r) + ": feature index " + idx[k]
                                    + " is out of range; model '" + model + "' has features 0.." + (numFeatures - 1));
                        }
                        flat[r * width + idx[k]] = values.get(r)[k];
                    }
                }
                return flat;
            }
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
