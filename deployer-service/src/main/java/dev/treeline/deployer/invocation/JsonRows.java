package dev.treeline.deployer.invocation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.deployer.endpoint.CategoryDictionary;
import dev.treeline.deployer.endpoint.ModelSchema;

/**
 * {@code application/json} instances: {@code {"instances":[[...],...]}}, {@code {"instances":[{"features":[...]}]}},
 * {@code [[...]]}, one row {@code [...]}, or instances that name their features ({@code {"instances":[{"carat":0.3,
 * "cut":"Ideal"}]}}, or one such object alone). null = missing. The JSON is read when the request arrives; its
 * values are mapped for a model by {@link #flat}: arrays are in model order, named instances leave absent features
 * missing and refuse names the model does not have; a string at a categorical position is a raw value looked up in
 * the model's dictionary (unseen = missing, counted), a number there is looked up by its text ({@code 3} → "3");
 * a string at a numeric position is an error naming the instance and the feature.
 */
final class JsonRows implements FeatureRows {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Unknown names listed in one message, at most. */
    private static final int NAMES_SHOWN = 10;

    private final JsonNode instances;
    private int[] unseen;

    private JsonRows(JsonNode instances) {
        this.instances = instances;
    }

    static JsonRows parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvocationError.validation("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw InvocationError.validation("request body could not be read as JSON");
        }
        JsonNode rows;
        if (root != null && root.isObject() && root.has("instances")) {
            rows = root.get("instances");
        } else if (root != null && root.isObject() && !root.isEmpty()) {
            rows = JSON.createArrayNode().add(root); // one instance: {"features":[...]} or by name
        } else if (root != null && root.isArray() && root.size() > 0 && !root.get(0).isArray()
                && !root.get(0).isObject()) {
            rows = JSON.createArrayNode().add(root);
        } else {
            rows = root;
        }
        if (rows == null || !rows.isArray() || rows.isEmpty()) {
            throw InvocationError.validation("JSON body must be {\"instances\": [[f1, f2, ...], ...]},"
                    + " {\"instances\": [{\"features\": [...]}]}, {\"instances\": [{\"name\": value, ...}]}"
                    + " or [[f1, f2, ...], ...]");
        }
        return new JsonRows(rows);
    }

    @Override
    public int count() {
        return instances.size();
    }

    @Override
    public int[] unseen() {
        return unseen;
    }

    @Override
    public float[] flat(String model, ModelSchema schema) {
        int width = schema.numFeatures();
        float[] flat = new float[Math.toIntExact((long) instances.size() * width)];
        unseen = null;
        for (int i = 0; i < instances.size(); i++) {
            JsonNode row = instances.get(i);
            int offset = i * width;
            if (row.isObject()) {
                JsonNode features = row.get("features");
                if (features != null && features.isArray() && row.size() == 1 && schema.position("features") < 0) {
                    row = features;
                } else {
                    named(row, i, model, schema, flat, offset);
                    continue;
                }
            }
            if (!row.isArray()) {
                throw InvocationError.validation("instance " + (i + 1) + " is neither an array of features nor an"
                        + " object of named features");
            }
            if (row.size() != width) {
                throw InvocationError.validation("row " + (i + 1) + " has " + row.size() + " features but model '"
                        + model + "' expects " + width);
            }
            for (int j = 0; j < width; j++) {
                flat[offset + j] = value(row.get(j), i, j, schema);
            }
        }
        return flat;
    }

    private void named(JsonNode row, int i, String model, ModelSchema schema, float[] flat, int offset) {
        if (!schema.hasFeatureNames()) {
            throw InvocationError.validation("instance " + (i + 1) + " names its features but model '" + model
                    + "' has no feature names: send each instance as an array of " + schema.numFeatures() + " values");
        }
        java.util.Arrays.fill(flat, offset, offset + schema.numFeatures(), Float.NaN); // absent = missing
        List<String> unknown = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            int position = schema.position(field.getKey());
            if (position < 0) {
                if (unknown == null) {
                    unknown = new ArrayList<>();
                }
                unknown.add(field.getKey());
                continue;
            }
            flat[offset + position] = value(field.getValue(), i, position, schema);
        }
        if (unknown != null) {
            StringBuilder names = new StringBuilder();
            for (int k = 0; k < Math.min(unknown.size(), NAMES_SHOWN); k++) {
                names.append(k > 0 ? ", " : "").append('\'').append(abbreviate(unknown.get(k))).append('\'');
            }
            if (unknown.size() > NAMES_SHOWN) {
                names.append(" and ").append(unknown.size() - NAMES_SHOWN).append(" more");
            }
            throw InvocationError.validation("instance " + (i + 1) + " names features model '" + model
                    + "' does not have: " + names + "; its features are " + abbreviate(String.join(", ",
                            schema.featureNames()), 300));
        }
    }

    private float value(JsonNode v, int i, int position, ModelSchema schema) {
        if (v == null || v.isNull()) {
            return Float.NaN;
        }
        CategoryDictionary dictionary = schema.dictionary(position);
        if (dictionary == null) {
            if (v.isNumber()) {
                return v.floatValue();
            }
            throw InvocationError.validation("instance " + (i + 1) + ", feature " + schema.describe(position) + ": "
                    + abbreviate(v.toString()) + " is not a number (the feature is numeric)");
        }
        int code;
        if (v.isTextual()) {
            code = dictionary.code(v.textValue());
            if (code < 0 && (v.textValue().isEmpty() || v.textValue().equalsIgnoreCase("nan"))) {
                return Float.NaN; // missing, as in training
            }
        } else if (v.isNumber()) {
            // a numeric column read as categories was coded by its text: 3 is "3"
            code = dictionary.code(v.asText());
            if (code < 0 && v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())
                    && Math.abs(v.doubleValue()) < 1e15) {
                code = dictionary.code(Long.toString((long) v.doubleValue()));
            }
        } else {
            throw InvocationError.validation("instance " + (i + 1) + ", feature " + schema.describe(position) + ": "
                    + abbreviate(v.toString()) + " is not a category value (send a string)");
        }
        if (code >= 0) {
            return code;
        }
        if (unseen == null) {
            unseen = new int[schema.numFeatures()];
        }
        unseen[position]++;
        return Float.NaN;
    }

    private static String abbreviate(String s) {
        return abbreviate(s, 40);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
