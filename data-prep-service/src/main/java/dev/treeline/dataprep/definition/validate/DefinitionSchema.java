package dev.treeline.dataprep.definition.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.errors.DomainException.Violation;

/**
 * A definition document against the written JSON Schema of common-events ({@link ModelDefinitions#schema()},
 * draft 2020-12): every error as a field path in the document's own terms ({@code data.label-column},
 * {@code tuning.ranges.eta.min}) and a sentence a person understands, and the document without the offending
 * parts, so binding and the semantic checks can still look at the rest.
 */
final class DefinitionSchema {

    private static final String DURATION = "^P(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?)?$";
    /** Patterns of the schema, said in words (others are quoted as they are). */
    private static final Map<String, String> PATTERNS = Map.of(
            DURATION, "must be an ISO-8601 duration such as PT10M, PT6H or P1D",
            "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", "must be 1-63 lowercase letters, digits or '-', starting and"
                    + " ending with a letter or digit",
            "^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,62}$", "must be 1-63 letters, digits or _ . : / -, starting with a letter"
                    + " or digit",
            "^\\d{4}-\\d{2}-\\d{2}$", "must be a date written YYYY-MM-DD",
            "^[a-z_][a-z0-9_]*$", "is not an XGBoost parameter name (lowercase letters, digits and '_', such as"
                    + " max_depth)");

    private final JsonNode schemaTree;
    private final Schema schema;

    DefinitionSchema() {
        String text = ModelDefinitions.schema();
        try {
            this.schemaTree = ModelDefinitions.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the definition schema is not JSON", e);
        }
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    /**
     * @param problems every schema error, in document order
     * @param cleaned  the document without the values that caused them (null when the document is no object)
     */
    record Outcome(List<Violation> problems, JsonNode cleaned) {
    }

    Outcome check(JsonNode document) {
        List<Violation> problems = new ArrayList<>();
        List<List<Object>> remove = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Error error : schema.validate(document)) {
            List<Object> at = elements(error.getInstanceLocation());
            String keyword = error.getKeyword();
            boolean namesAKey = "additionalProperties".equals(keyword) || "propertyNames".equals(keyword)
                    || "required".equals(keyword);
            List<Object> field = new ArrayList<>(at);
            if (namesAKey && error.getProperty() != null) {
                field.add(error.getProperty());
            }
            Violation problem = new Violation(dotted(field), message(error));
            if (seen.add(problem.field() + "\n" + problem.message())) {
                problems.add(problem);
            }
            if (!"required".equals(keyword)) {
                remove.add(field);
            } else if (elements(error.getSchemaLocation().getFragment()).contains("additionalProperties")) {
                remove.add(at); // an incomplete entry of a map (a range without max): leave the entry out
            }
        }
        if (!document.isObject()) {
            return new Outcome(problems, null);
        }
        JsonNode cleaned = document.deepCopy();
        for (List<Object> field : remove) {
            removeField(cleaned, field);
        }
        return new Outcome(problems, cleaned);
    }

    private String message(Error error) {
        JsonNode value = error.getInstanceNode();
        JsonNode rule = error.getSchemaNode();
        return switch (error.getKeyword()) {
            case "additionalProperties" -> "unknown key '" + error.getProperty() + "'; allowed here: "
                    + allowedKeys(error);
            case "required" -> "is missing; it is required";
            case "propertyNames" -> "'" + error.getProperty() + "' "
                    + PATTERNS.getOrDefault(rule.path("pattern").asText(), "is not an allowed name");
            case "type" -> "must be " + typeWords(rule) + ", not " + typeOf(value);
            case "enum" -> "must be one of " + join(rule) + " (not " + value + ")";
            case "minimum" -> "must be at least " + rule.asText() + " (not " + value + ")";
            case "maximum" -> "must be at most " + rule.asText() + " (not " + value + ")";
            case "exclusiveMinimum" -> "must be greater than " + rule.asText() + " (not " + value + ")";
            case "exclusiveMaximum" -> "must be less than " + rule.asText() + " (not " + value + ")";
            case "minLength" -> rule.asInt() <= 1 ? "must not be empty"
                    : "must be at least " + rule.asInt() + " characters long";
            case "maxLength" -> "must be at most " + rule.asInt() + " characters long (it has "
                    + value.asText().length() + ")";
            case "maxItems" -> "must list at most " + rule.asInt() + " items (it lists " + value.size() + ")";
            case "uniqueItems" -> "lists " + duplicates(value) + " more than once";
            case "pattern" -> PATTERNS.getOrDefault(rule.asText(), "must match the pattern " + rule.asText())
                    + " (not " + value + ")";
            default -> error.getMessage();
        };
    }

    /** The keys the object's schema allows, from {@code properties} next to the failing keyword. */
    private String allowedKeys(Error error) {
        List<Object> location = elements(error.getSchemaLocation().getFragment());
        StringBuilder pointer = new StringBuilder();
        for (Object element : location.subList(0, location.size() - 1)) {
            pointer.append('/').append(element);
        }
        JsonNode properties = schemaTree.at(pointer.toString()).path("properties");
        List<String> keys = new ArrayList<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return String.join(", ", keys);
    }

    private static String typeWords(JsonNode type) {
        if (type.isArray()) {
            List<String> words = new ArrayList<>();
            type.forEach(t -> words.add(typeWord(t.asText())));
            return String.join(" or ", words);
        }
        return typeWord(type.asText());
    }

    private static String typeWord(String type) {
        return switch (type) {
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a section of keys and values";
            case "array" -> "a list";
            default -> type;
        };
    }

    private static String typeOf(JsonNode value) {
        if (value == null || value.isNull()) {
            return "empty";
        }
        if (value.isTextual()) {
            return "text (" + value + ")";
        }
        if (value.isIntegralNumber()) {
            return "the whole number " + value;
        }
        if (value.isNumber()) {
            return "the number " + value;
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        return value.isArray() ? "a list" : "a section";
    }

    private static String join(JsonNode values) {
        List<String> words = new ArrayList<>();
        values.forEach(v -> words.add(v.asText()));
        return String.join(", ", words);
    }

    private static String duplicates(JsonNode list) {
        Set<JsonNode> once = new HashSet<>();
        Set<String> twice = new LinkedHashSet<>();
        list.forEach(item -> {
            if (!once.add(item)) {
                twice.add(item.isTextual() ? "'" + item.asText() + "'" : item.toString());
            }
        });
        return twice.stream().collect(Collectors.joining(", "));
    }

    private static List<Object> elements(NodePath path) {
        List<Object> elements = new ArrayList<>(path.getNameCount());
        for (int i = 0; i < path.getNameCount(); i++) {
            elements.add(path.getElement(i));
        }
        return elements;
    }

    /** {@code data.label-column}, {@code tags[1]}, {@code tuning.ranges.eta.min}. */
    static String dotted(List<Object> elements) {
        StringBuilder path = new StringBuilder();
        for (Object element : elements) {
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(element);
            }
        }
        return path.toString();
    }

    /** Removes the field (the whole list when the element of a list is at fault). */
    static void removeField(JsonNode root, List<Object> field) {
        int end = field.size();
        while (end > 0 && field.get(end - 1) instanceof Integer) {
            end--;
        }
        if (end == 0) {
            return;
        }
        JsonNode parent = root;
        for (Object element : field.subList(0, end - 1)) {
            parent = element instanceof Integer index ? parent.path(index) : parent.path(element.toString());
        }
        if (parent instanceof ObjectNode object) {
            object.remove(field.get(end - 1).toString());
        }
    }
}
