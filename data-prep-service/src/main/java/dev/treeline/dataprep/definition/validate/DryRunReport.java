package dev.treeline.dataprep.definition.validate;

import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.treeline.support.errors.DomainException.Violation;

/**
 * What a dry run found.
 *
 * @param valid       no problem found
 * @param windowStart the first day the query was bound to
 * @param windowEnd   the last day
 * @param rows        rows the query returns in that window; null when counting them failed (a problem says why)
 * @param rowLimit    rows read to see the columns and sample values
 * @param columns     every column the query returned, in order, with how it would be used
 * @param problems    everything wrong, with field paths ({@code data.label-column}, ...)
 */
public record DryRunReport(boolean valid, LocalDate windowStart, LocalDate windowEnd, Long rows, int rowLimit,
        List<Column> columns, List<Violation> problems) {

    /**
     * @param name             as the query returned it
     * @param type             the warehouse's type name, e.g. {@code int4}, {@code text}
     * @param usage            label, key, feature, group, weight, ignored or unaccounted
     * @param featureType      for a feature: {@code numeric} or {@code categorical}; null otherwise
     * @param distinctInSample for a categorical feature and a text label: its distinct values in the sampled rows
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Column(String name, String type, String usage, String featureType, Integer distinctInSample) {
    }
}
