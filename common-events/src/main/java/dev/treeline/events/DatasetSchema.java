package dev.treeline.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * What the columns of a prepared dataset mean, so every stage reads the same codes.
 *
 * <p>Data-prep writes it as {@value #FILE_NAME} next to the splits (referenced with its SHA-256 as
 * {@link DatasetSplits#schema}); tuning embeds it in the model as the Booster attribute {@value #BOOSTER_ATTRIBUTE}
 * (so the artifact's hash covers it) and copies it into {@code descriptor.json}; the deployer reads it from the
 * model to map the raw values users send (category strings, feature names) and to name predicted classes.
 *
 * <p>CSV layout of every split (no header): the label (a class code when {@link Label#classes} is given), then the
 * weight when {@link #weightColumn} is given, then the group id when {@link #groupColumn} is given (an integer data-prep
 * assigns per run, in order of first appearance; rows of a group are not contiguous, tuning sorts them), then the
 * features in {@link #features} order. A categorical feature's field is its code (index into
 * {@link Feature#categories}); an empty field is missing, for numbers and categories alike (SQL NULL, NaN and the
 * empty string are missing).
 *
 * <p>Codes are stable across a model's retrains: data-prep keeps one append-only dictionary per model, so a code,
 * once given to a value, keeps meaning that value, and new values get the next codes.
 *
 * @param version      {@value #VERSION}
 * @param features     the model's features in the order it takes them
 * @param label        the label column and, for a text label, its classes
 * @param weightColumn the sample weight column; null when the rows are unweighted
 * @param groupColumn  the ranking group (query id) column; null when the task is not ranking
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"version", "features", "label", "weightColumn", "groupColumn"})
public record DatasetSchema(
        @Min(1) int version,
        @NotEmpty List<@NotNull @Valid Feature> features,
        @NotNull @Valid Label label,
        String weightColumn,
        String groupColumn) {

    public static final int VERSION = 1;
    /** Booster attribute holding this schema's JSON ({@link #toJson}). */
    public static final String BOOSTER_ATTRIBUTE = "treeline_schema";
    public static final String FILE_NAME = "schema.json";
    /**
     * Booster attribute listing, per categorical feature, the codes that occur in the model's training split (JSON
     * object: feature name → sorted codes). The dictionary holds every value the model's runs ever coded; a value
     * whose code the model never trained on is, for this model, unseen: the deployer treats it as missing and counts
     * it. Absent in models made before it: every code of the dictionary counts as trained.
     */
    public static final String TRAINED_CODES_ATTRIBUTE = "treeline_trained_codes";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public DatasetSchema {
        features = Copies.list(features);
    }

    /** A dataset of numeric features and a numeric label (what every dataset was before categorical features). */
    public static DatasetSchema numeric(String labelColumn, List<String> featureNames) {
        List<Feature> features = new ArrayList<>(featureNames.size());
        for (String name : featureNames) {
            features.add(Feature.numeric(name));
        }
        return new DatasetSchema(VERSION, features, new Label(labelColumn, List.of()), null, null);
    }

    /** How XGBoost reads a feature: {@code q} (quantitative) or {@code c} (categorical), as in its feature types. */
    public enum FeatureType {
        NUMERIC("q"), CATEGORICAL("c");

        private final String xgboost;

        FeatureType(String xgboost) {
            this.xgboost = xgboost;
        }

        /** XGBoost's feature type string. */
        public String xgboost() {
            return xgboost;
        }

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static FeatureType fromJson(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One feature.
     *
     * @param categories for a categorical feature the values by code (code {@code i} is {@code categories.get(i)});
     *                   empty for a numeric one
     */
    @JsonPropertyOrder({"name", "type", "categories"})
    public record Feature(@NotBlank String name, @NotNull FeatureType type, List<@NotNull String> categories) {

        public Feature {
            categories = Copies.listOrEmpty(categories);
        }

        public static Feature numeric(String name) {
            return new Feature(name, FeatureType.NUMERIC, List.of());
        }

        public static Feature categorical(String name, List<String> categories) {
            return new Feature(name, FeatureType.CATEGORICAL, categories);
        }

        @JsonIgnore
        public boolean isCategorical() {
            return type == FeatureType.CATEGORICAL;
        }
    }

    /**
     * The label.
     *
     * @param classes for a text label the class names by code (code {@code i} is {@code classes.get(i)}; for a binary
     *                objective code 1 is the definition's {@code positive-class}); empty for a numeric label
     */
    @JsonPropertyOrder({"name", "classes"})
    public record Label(@NotBlank String name, List<@NotNull String> classes) {

        public Label {
            classes = Copies.listOrEmpty(classes);
        }

        @JsonIgnore
        public boolean isText() {
            return !classes.isEmpty();
        }
    }

    /** Feature names in model order. */
    @JsonIgnore
    public List<String> featureNames() {
        return features.stream().map(Feature::name).toList();
    }

    /** XGBoost feature types in model order ({@code q}/{@code c}), for {@code DMatrix.setFeatureTypes}. */
    @JsonIgnore
    public String[] xgboostFeatureTypes() {
        return features.stream().map(f -> f.type().xgboost()).toArray(String[]::new);
    }

    @JsonIgnore
    public boolean hasCategoricalFeatures() {
        return features.stream().anyMatch(Feature::isCategorical);
    }

    /** Number of leading CSV fields before the features: label, then weight and group when present. */
    @JsonIgnore
    public int leadingColumns() {
        return 1 + (weightColumn != null ? 1 : 0) + (groupColumn != null ? 1 : 0);
    }

    /** Compact JSON, the content of {@value #FILE_NAME} and of the Booster attribute. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a schema */
    public static DatasetSchema fromJson(byte[] json) {
        try {
            DatasetSchema schema = JSON.readValue(json, DatasetSchema.class);
            if (schema == null || schema.features() == null || schema.label() == null) {
                throw new IllegalArgumentException("not a dataset schema: features and label are required");
            }
            return schema;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a dataset schema: " + e.getMessage(), e);
        }
    }

    public static DatasetSchema fromJson(String json) {
        return fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
