package dev.treeline.dataprep.extract;

import java.util.List;
import java.util.Map;

import dev.treeline.events.DatasetSchema;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;

/**
 * What an extraction produced: the three uploaded splits and how they were made.
 *
 * @param writeMs  query and CSV writing (the rows stream through, so these overlap)
 * @param uploadMs hashing and uploading the three splits
 * @param schema   what the columns of the splits mean (also uploaded as {@code schema.json}, {@code splits.schema})
 */
public record Dataset(List<String> featureNames, DateWindow window, String query, Map<String, Object> parameters,
        DatasetSplits splits, long rows, long rowsWithoutLabel, long writeMs, long uploadMs, DatasetSchema schema) {
}
