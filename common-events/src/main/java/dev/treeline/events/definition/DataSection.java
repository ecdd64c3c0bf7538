package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.treeline.events.Copies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;

/**
 * Where a model's rows come from.
 *
 * @param layer            warehouse layer or prefix (part of the warm-start parent key); default {@code default}
 * @param query            SQL with the named parameters {@code :dateStart} and {@code :dateEnd}, bound as dates
 * @param window           the date window the query is bound to
 * @param labelColumn      the target column
 * @param keyColumn        a key column whose hash places each row in a split (same rows, same split)
 * @param split            the split fractions
 * @param featureColumns   features in this order; empty means every column that is not the label, the key or
 *                         ignored, in result order
 * @param ignoreColumns    columns the query returns that are neither label, key nor feature
 * @param statementTimeout overrides the service's warehouse statement timeout for this query
 * @param categoricalColumns features read as categories (codes in a per-model dictionary) even when numeric; text
 *                         features are categorical without being listed
 * @param maxCategories    a categorical feature with more distinct values than this is refused (an identifier is not
 *                         a category); default {@value #DEFAULT_MAX_CATEGORIES}
 * @param groupColumn      the ranking group (query id); rank:* objectives need it; each split keeps whole groups
 * @param weightColumn     sample weights (non-negative numbers), used in training and in weighted evaluation
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"layer", "query", "window", "label-column", "key-column", "split", "feature-columns",
        "ignore-columns", "statement-timeout", "categorical-columns", "max-categories", "group-column", "weight-column"})
public record DataSection(
        @NotBlank String layer,
        @NotBlank String query,
        @Valid WindowSpec window,
        @NotBlank String labelColumn,
        @NotBlank String keyColumn,
        @Valid SplitSpec split,
        List<@NotBlank String> featureColumns,
        List<@NotBlank String> ignoreColumns,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration statementTimeout,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<@NotBlank String> categoricalColumns,
        @Positive Integer maxCategories,
        String groupColumn,
        String weightColumn) {

    public static final String DEFAULT_LAYER = "default";
    public static final int DEFAULT_MAX_CATEGORIES = 1000;

    /** A data section without categorical columns, groups or weights (the fields before every-task support). */
    public DataSection(String layer, String query, WindowSpec window, String labelColumn, String keyColumn,
            SplitSpec split, List<String> featureColumns, List<String> ignoreColumns, Duration statementTimeout) {
        this(layer, query, window, labelColumn, keyColumn, split, featureColumns, ignoreColumns, statementTimeout,
                null, null, null, null);
    }

    public DataSection {
        layer = layer == null ? DEFAULT_LAYER : layer;
        window = window == null ? WindowSpec.defaults() : window;
        split = split == null ? SplitSpec.defaults() : split;
        featureColumns = Copies.listOrEmpty(featureColumns);
        ignoreColumns = Copies.listOrEmpty(ignoreColumns);
        categoricalColumns = Copies.listOrEmpty(categoricalColumns);
    }

    /**
     * The cap on a categorical feature's distinct values: {@code max-categories} or its default. (The field itself
     * stays absent when not given, so definitions written before it keep their content hash.)
     */
    public int categoryCap() {
        return maxCategories == null ? DEFAULT_MAX_CATEGORIES : maxCategories;
    }
}
