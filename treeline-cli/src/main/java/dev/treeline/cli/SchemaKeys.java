package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.treeline.events.definition.ModelDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A definition tree against the keys of the JSON Schema ({@code model-definition.schema.json}): unknown keys,
 * missing required keys, values of the wrong JSON type or outside an enum. Not a full schema validator (the service
 * validates with one); enough for the converter to check what it writes, and for tests of the example files.
 */
public final class SchemaKeys {

    private static final JsonNode SCHEMA = readSchema();

    private SchemaKeys() {
    }

    private static JsonNode readSchema() {
        try {
            return Api.JSON.readTree(ModelDefinitions.schema());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem as "dotted.path: what is wrong"; empty when the keys and types match the schema. */
    public static List<String> problems(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        check("", definition, SCHEMA, problems);
        return problems;
    }

    private static void check(String path, JsonNode value, JsonNode schema, List<String> problems) {
        String where = path.isEmpty() ? "(document)" : path;
        if (!typeMatches(value, schema.path("type"))) {
            problems.add(where + ": expected " + schema.path("type") + ", got " + value.getNodeType().name()
                    .toLowerCase());
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(join(path, required.asText()) + ": missing");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode property = schema.path("properties").get(field.getKey());
                JsonNode additional = schema.get("additionalProperties");
                if (property != null) {
                    check(join(path, field.getKey()), field.getValue(), property, problems);
                } else if (additional != null && additional.isObject()) {
                    check(join(path, field.getKey()), field.getValue(), additional, problems);
                } else if (additional != null && !additional.asBoolean(true)) {
                    problems.add(join(path, field.getKey()) + ": unknown key");
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", value.get(i), schema.get("items"), problems);
            }
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isMissingNode()) {
            return true;
        }
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }
}
