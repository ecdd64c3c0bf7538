package dev.treeline.deployer.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.treeline.events.DatasetSchema;

/**
 * What a served model's inputs and outputs mean, read once at load: feature names (→ position), for each
 * categorical feature its {@link CategoryDictionary} (raw value → code), and the label's class names. Comes from
 * the model's Booster attribute {@value DatasetSchema#BOOSTER_ATTRIBUTE} (the dataset schema tuning embeds, so the
 * artifact's SHA-256 covers it); a model without it is all-numeric and only has the Booster's feature names, if any.
 * Immutable, thread-safe.
 */
public final class ModelSchema {

    private final int numFeatures;
    /** Names by position; null when the model has none (then instances cannot name their features). */
    private final String[] names;
    private final Map<String, Integer> positions;
    /** Dictionary by position; null entries are numeric features. */
    private final CategoryDictionary[] dictionaries;
    private final boolean categorical;
    private final List<String> classes;
    /** Class names as JSON string literals, and the whole list as a JSON array (answers are written often). */
    private final String[] classJson;
    private final String classesJson;
    /** A binary score above this is class 1: 0.5 for probabilities and 0/1 classes, 0 for a margin (logitraw). */
    private final float binaryCutoff;

    private ModelSchema(int numFeatures, String[] names, CategoryDictionary[] dictionaries, List<String> classes) {
        this(numFeatures, names, dictionaries, classes, 0.5f);
    }

    private ModelSchema(int numFeatures, String[] names, CategoryDictionary[] dictionaries, List<String> classes,
            float binaryCutoff) {
        this.numFeatures = numFeatures;
        this.names = names;
        this.positions = new HashMap<>();
        if (names != null) {
            for (int f = 0; f < names.length; f++) {
                if (positions.putIfAbsent(names[f], f) != null) {
                    throw new IllegalArgumentException("feature name '" + names[f] + "' appears twice");
                }
            }
        }
        this.dictionaries = dictionaries;
        this.categorical = Arrays.stream(dictionaries).anyMatch(d -> d != null);
        this.classes = List.copyOf(classes);
        this.classJson = classes.stream().map(ModelSchema::asciiJsonString).toArray(String[]::new);
        this.classesJson = "[" + String.join(",", classJson) + "]";
        this.binaryCutoff = binaryCutoff;
    }

    /**
     * This schema for a model of {@code objective}: a {@code binary:logitraw} model answers margins, so its class 1
     * starts above 0, not above 0.5.
     */
    public ModelSchema forObjective(String objective) {
        float cutoff = "binary:logitraw".equals(objective) ? 0f : 0.5f;
        return cutoff == binaryCutoff ? this
                : new ModelSchema(numFeatures, names, dictionaries, classes, cutoff);
    }

    /** A binary model's score above this names class 1 ({@link #forObjective}). */
    public float binaryCutoff() {
        return binaryCutoff;
    }

    /** A model without a dataset schema: numeric features, named when the Booster has names. */
    public static ModelSchema numeric(int numFeatures, String[] boosterNames) {
        String[] names = usable(boosterNames, numFeatures) ? boosterNames.clone() : null;
        return new ModelSchema(numFeatures, names, new CategoryDictionary[numFeatures], List.of());
    }

    /** XGBoost4J answers unnamed models with nulls; names must be complete and distinct to address features. */
    private static boolean usable(String[] names, int numFeatures) {
        if (names == null || names.length != numFeatures) {
            return false;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : names) {
            if (name == null || name.isEmpty() || !seen.add(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The schema stored in the model.
     *
     * @throws IllegalArgumentException when it is no dataset schema or does not fit the model (feature count, names)
     */
    public static ModelSchema of(DatasetSchema schema, int numFeatures, String[] boosterNames) {
        return of(schema, Map.of(), numFeatures, boosterNames);
    }

    /**
     * @param trainedCodes per categorical feature the codes the model trained on
     *                     ({@value DatasetSchema#TRAINED_CODES_ATTRIBUTE}); a feature without an entry uses all
     */
    public static ModelSchema of(DatasetSchema schema, Map<String, java.util.Set<Integer>> trainedCodes,
            int numFeatures, String[] boosterNames) {
        List<DatasetSchema.Feature> features = schema.features();
        if (features.size() != numFeatures) {
            throw new IllegalArgumentException("it lists " + features.size() + " features but the model has "
                    + numFeatures);
        }
        String[] names = new String[numFeatures];
        CategoryDictionary[] dictionaries = new CategoryDictionary[numFeatures];
        for (int f = 0; f < numFeatures; f++) {
            DatasetSchema.Feature feature = features.get(f);
            names[f] = feature.name();
            if (usable(boosterNames, numFeatures) && !boosterNames[f].equals(names[f])) {
                throw new IllegalArgumentException("feature " + (f + 1) + " is '" + names[f]
                        + "' but the model's feature names say '" + boosterNames[f] + "'");
            }
            if (feature.isCategorical()) {
                dictionaries[f] = new CategoryDictionary(feature.name(), feature.categories(),
                        trainedCodes.get(feature.name()));
            }
        }
        return new ModelSchema(numFeatures, names, dictionaries, schema.label().classes());
    }

    /** Parses the attribute's JSON (see {@link #of}). */
    public static ModelSchema parse(String attribute, int numFeatures, String[] boosterNames) {
        return parse(attribute, null, numFeatures, boosterNames);
    }

    /**
     * Parses the schema attribute and the trained-codes attribute (null when the model has none).
     *
     * @throws IllegalArgumentException when either is unusable
     */
    public static ModelSchema parse(String attribute, String trainedCodes, int numFeatures, String[] boosterNames) {
        return of(DatasetSchema.fromJson(attribute.getBytes(StandardCharsets.UTF_8)), trainedCodes(trainedCodes),
                numFeatures, boosterNames);
    }

    private static Map<String, java.util.Set<Integer>> trainedCodes(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, java.util.Set<Integer>> codes = new HashMap<>();
            com.fasterxml.jackson.databind.JsonNode tree = TRAINED_JSON.readTree(json);
            tree.fields().forEachRemaining(e -> {
                java.util.Set<Integer> set = new java.util.HashSet<>();
                e.getValue().forEach(code -> set.add(code.intValue()));
                codes.put(e.getKey(), set);
            });
            return codes;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the " + DatasetSchema.TRAINED_CODES_ATTRIBUTE
                    + " attribute is not JSON: " + e.getMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TRAINED_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    public int numFeatures() {
        return numFeatures;
    }

    /** True when at least one feature is categorical (requests then map raw values). */
    public boolean hasCategoricalFeatures() {
        return categorical;
    }

    /** The dictionary of the feature at {@code position}, null for a numeric feature. */
    public CategoryDictionary dictionary(int position) {
        return dictionaries[position];
    }

    public boolean hasFeatureNames() {
        return names != null;
    }

    /** Position of the named feature, -1 when the model has no such feature. */
    public int position(String name) {
        Integer p = positions.get(name);
        return p == null ? -1 : p;
    }

    /** How messages name the feature at {@code position}: {@code 'cut' (column 2)} or {@code column 2}. */
    public String describe(int position) {
        return names == null ? "column " + (position + 1) : "'" + names[position] + "' (column " + (position + 1) + ")";
    }

    /** The feature names in model order (empty when the model has none). */
    public List<String> featureNames() {
        return names == null ? List.of() : List.of(names);
    }

    /** Class names by code; empty for a numeric label (answers then give class codes). */
    public List<String> classes() {
        return classes;
    }

    /** Class {@code code} as a JSON string literal. */
    public String classJson(int code) {
        return classJson[code];
    }

    /** All class names as a JSON array, in code (= probability) order. */
    public String classesJson() {
        return classesJson;
    }

    /** {@code s} as a JSON string literal in ASCII (answers are written byte per char): others as {@code \\uXXXX}. */
    static String asciiJsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
