package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads and writes {@link ModelDefinition} documents (YAML or JSON), and gives every service the same content hash
 * and the same diff. Structural problems (unknown keys, wrong types) are found by the JSON Schema
 * ({@link #SCHEMA_RESOURCE}) before {@link #bind}; this class only converts.
 */
public final class ModelDefinitions {

    /** Classpath location of the JSON Schema of a definition document (draft 2020-12). */
    public static final String SCHEMA_RESOURCE = "/dev/treeline/events/definition/model-definition.schema.json";

    private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build())).build();

    private ModelDefinitions() {
    }

    private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B builder) {
        return builder.addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                // a definition is checked by the schema first; binding must not guess either
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    /** The mapper for JSON definitions (kebab-case keys, ISO dates and durations). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The mapper for YAML definitions. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /**
     * The document as a tree; YAML is a superset of JSON, so this reads both.
     *
     * @throws InvalidDefinitionException when the text is not YAML or JSON, naming line and column
     */
    public static JsonNode readTree(String text) {
        try {
            JsonNode tree = YAML.readTree(text == null ? "" : text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new InvalidDefinitionException("the document is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException("not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** The JSON Schema, as text. */
    public static String schema() {
        try (InputStream in = ModelDefinitions.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            return new String(Objects.requireNonNull(in, SCHEMA_RESOURCE).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tree as a definition, defaults filled in. Call after the schema accepted the tree.
     *
     * @throws InvalidDefinitionException when a value does not bind (e.g. a malformed date)
     */
    public static ModelDefinition bind(JsonNode tree) {
        try {
            return JSON.treeToValue(tree, ModelDefinition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(e.getOriginalMessage());
        }
    }

    /** Parse and bind in one step (for tests and tools; services validate against the schema in between). */
    public static ModelDefinition parse(String text) {
        return bind(readTree(text));
    }

    /** The definition with every default written out, as a tree (the form diffs compare). */
    public static ObjectNode toTree(ModelDefinition definition) {
        return JSON.valueToTree(definition);
    }

    /** Canonical JSON: defaults written out, map keys sorted; same meaning, same bytes. */
    public static String canonicalJson(ModelDefinition definition) {
        try {
            return JSON.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write definition " + definition.name(), e);
        }
    }

    /** SHA-256 (hex) of {@link #canonicalJson}: identical content, identical hash, whatever the formatting. */
    public static String contentHash(ModelDefinition definition) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(definition).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The definition as YAML, defaults written out. */
    public static String toYaml(ModelDefinition definition) {
        try {
            return YAML.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write definition " + definition.name(), e);
        }
    }

    /**
     * What changed from {@code before} to {@code after}, field by field (dotted paths such as
     * {@code tuning.max-trials}; lists compare as a whole). {@code before} null means everything was added.
     */
    public static List<Change> diff(ModelDefinition before, ModelDefinition after) {
        List<Change> changes = new ArrayList<>();
        diff("", before == null ? null : toTree(before), after == null ? null : toTree(after), changes);
        return changes;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<Change> out) {
        if (Objects.equals(before, after)) {
            return;
        }
        if (before != null && after != null && before.isObject() && after.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path.isEmpty() ? key : path + "." + key, before.get(key), after.get(key), out);
            }
            return;
        }
        out.add(new Change(path, before, after));
    }

    /**
     * One changed field.
     *
     * @param path   dotted path, e.g. {@code tuning.max-trials}
     * @param before the old value, null when added
     * @param after  the new value, null when removed
     */
    public record Change(String path, JsonNode before, JsonNode after) {
    }

    /** Flattened {@code path -> value} view of a tree, for tools that print definitions. */
    public static Map<String, JsonNode> flatten(JsonNode tree) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, JsonNode> out) {
        if (node != null && node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(path, node);
        }
    }
}
