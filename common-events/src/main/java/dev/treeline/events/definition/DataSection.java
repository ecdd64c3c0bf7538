package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.treeline.events.Copies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
 */
@JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"layer", "query", "window", "label-column", "key-column", "split", "feature-columns",
        "ignore-columns", "statement-timeout"})
public record DataSection(
        @NotBlank String layer,
        @NotBlank String query,
        @Valid WindowSpec window,
        @NotBlank String labelColumn,
        @NotBlank String keyColumn,
        @Valid SplitSpec split,
        List<@NotBlank String> featureColumns,
        List<@NotBlank String> ignoreColumns,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration statementTimeout) {

    public static final String DEFAULT_LAYER = "default";

    public DataSection {
        layer = layer == null ? DEFAULT_LAYER : layer;
        window = window == null ? WindowSpec.defaults() : window;
        split = split == null ? SplitSpec.defaults() : split;
        featureColumns = Copies.listOrEmpty(featureColumns);
        ignoreColumns = Copies.listOrEmpty(ignoreColumns);
    }
}
