package dev.treeline.tuning.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.treeline.events.DatasetSchema;

/**
 * A dataset split as data-prep writes it (common-events' {@link DatasetSchema}): CSV without header, the label
 * first, then the weight when the schema has a weight column, then the group id when it has a group column, then the
 * features in schema order; a categorical feature's field is its code; an empty field is a missing value (NaN,
 * XGBoost's missing marker). Features are kept row-major in one float array, which is exactly what
 * {@code new DMatrix(float[], rows, cols, NaN)} takes, so there is no per-row object on the way to XGBoost.
 *
 * @param weights the sample weights, null when the rows are unweighted
 * @param groups  the ranking group id of each row, null when the dataset has no group column
 */
public record CsvMatrix(float[] features, float[] labels, float[] weights, int[] groups, int rows, int columns) {

    public CsvMatrix {
        if (features.length != (long) rows * columns || labels.length != rows
                || (weights != null && weights.length != rows) || (groups != null && groups.length != rows)) {
            throw new IllegalArgumentException("matrix arrays do not match " + rows + " x " + columns);
        }
    }

    /** An unweighted split without groups. */
    public CsvMatrix(float[] features, float[] labels, int rows, int columns) {
        this(features, labels, null, null, rows, columns);
    }

    /** Reads a split of {@code featureCount} numeric features and nothing but the label before them. */
    public static CsvMatrix read(Path file, int featureCount) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1, got " + featureCount);
        }
        List<String> names = IntStream.range(0, featureCount).mapToObj(i -> "f" + i).toList();
        return read(file, DatasetSchema.numeric("label", names));
    }

    /**
     * Reads a split laid out as {@code schema} says, checking every row has {@link DatasetSchema#leadingColumns()} +
     * features fields, weights are non-negative numbers, group ids integers and category codes integers within the
     * feature's dictionary.
     *
     * @throws CorruptDatasetException on a malformed row, number or code (line, field and column in the message)
     */
    public static CsvMatrix read(Path file, DatasetSchema schema) {
        Layout layout = new Layout(schema);
        int featureCount = layout.features;
        float[] features = new float[1024 * featureCount];
        float[] labels = new float[1024];
        float[] weights = layout.weight ? new float[1024] : null;
        int[] groups = layout.group ? new int[1024] : null;
        int rows = 0;
        long line = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isEmpty()) {
                    continue;
                }
                if (rows == labels.length) {
                    labels = Arrays.copyOf(labels, rows * 2);
                    features = Arrays.copyOf(features, rows * 2 * featureCount);
                    weights = weights == null ? null : Arrays.copyOf(weights, rows * 2);
                    groups = groups == null ? null : Arrays.copyOf(groups, rows * 2);
                }
                layout.parseRow(text, line, labels, weights, groups, rows, features);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return new CsvMatrix(Arrays.copyOf(features, rows * featureCount), Arrays.copyOf(labels, rows),
                weights == null ? null : Arrays.copyOf(weights, rows), groups == null ? null : Arrays.copyOf(groups,
                rows), rows, featureCount);
    }

    /** How one schema's rows are laid out, and what each field must be. */
    private static final class Layout {
        final int features;
        final boolean weight;
        final boolean group;
        final int leading;
        /** Number of categories of each categorical feature, -1 for a numeric one. */
        final int[] categories;
        final List<String> names;
        final String weightColumn;
        final String groupColumn;

        Layout(DatasetSchema schema) {
            features = schema.features().size();
            if (features < 1) {
                throw new IllegalArgumentException("a dataset needs at least one feature");
            }
            weight = schema.weightColumn() != null;
            group = schema.groupColumn() != null;
            leading = schema.leadingColumns();
            categories = schema.features().stream().mapToInt(f -> f.isCategorical() ? f.categories().size() : -1)
                    .toArray();
            names = schema.featureNames();
            weightColumn = schema.weightColumn();
            groupColumn = schema.groupColumn();
        }

        int fields() {
            return leading + features;
        }

        void parseRow(String text, long line, float[] labels, float[] weights, int[] groups, int row,
                      float[] out) {
            int offset = row * features;
            int field = 0;
            int start = 0;
            int length = text.length();
            int fields = fields();
            while (true) {
                int comma = text.indexOf(',', start);
                int end = comma < 0 ? length : comma;
                if (field >= fields) {
                    throw new CorruptDatasetException("line " + line + ": more than " + fields + " fields");
                }
                float value = parse(text, start, end, line, field);
                if (field == 0) {
                    if (Float.isNaN(value)) {
                        throw new CorruptDatasetException("line " + line + ": the label is missing");
                    }
                    labels[row] = value;
                } else if (weight && field == 1) {
                    if (!(value >= 0) || Float.isInfinite(value)) {
                        throw new CorruptDatasetException("line " + line + ", field " + (field + 1) + " (weight column '"
                                + weightColumn + "'): a weight must be a finite number >= 0, got '"
                                + text.substring(start, end) + "'");
                    }
                    weights[row] = value;
                } else if (group && field == leading - 1) {
                    if (Float.isNaN(value) || value != Math.rint(value) || Math.abs(value) > 1 << 24) {
                        throw new CorruptDatasetException("line " + line + ", field " + (field + 1) + " (group column '"
                                + groupColumn + "'): a group id must be an integer, got '"
                                + text.substring(start, end) + "'");
                    }
                    groups[row] = (int) value;
                } else {
                    int feature = field - leading;
                    int count = categories[feature];
                    if (count >= 0 && !Float.isNaN(value) && (value < 0 || value != Math.rint(value) || value >= count)) {
                        throw new CorruptDatasetException("line " + line + ", field " + (field + 1)
                                + " (categorical feature '" + names.get(feature) + "'): not a category code: '"
                                + text.substring(start, end) + "' (codes are integers 0.." + (count - 1)
                                + ", the feature's dictionary in schema.json)");
                    }
                    out[offset + feature] = value;
                }
                field++;
                if (comma < 0) {
                    break;
                }
                start = comma + 1;
            }
            if (field != fields) {
                throw new CorruptDatasetException("line " + line + ": expected " + fields + " fields, found " + field);
            }
        }

        private static float parse(String text, int start, int end, long line, int field) {
            if (start == end) {
                return Float.NaN;
            }
            try {
                return Float.parseFloat(text.substring(start, end));
            } catch (NumberFormatException e) {
                throw new CorruptDatasetException("line " + line + ", field " + (field + 1) + ": not a number: '"
                        + text.substring(start, end) + "'");
            }
        }
    }

    /**
     * The rows sorted by group id, stable (rows of one group keep their order), as XGBoost's ranking needs each
     * group's rows contiguous; the matrix itself when it has no groups.
     */
    public CsvMatrix sortedByGroup() {
        if (groups == null) {
            return this;
        }
        Integer[] order = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(groups[a], groups[b])); // merge sort: stable
        float[] f = new float[features.length];
        float[] l = new float[rows];
        float[] w = weights == null ? null : new float[rows];
        int[] g = new int[rows];
        for (int i = 0; i < rows; i++) {
            int from = order[i];
            System.arraycopy(features, from * columns, f, i * columns, columns);
            l[i] = labels[from];
            g[i] = groups[from];
            if (w != null) {
                w[i] = weights[from];
            }
        }
        return new CsvMatrix(f, l, w, g, rows, columns);
    }

    /**
     * The sizes of consecutive runs of equal group ids, for {@code DMatrix.setGroup}.
     *
     * @throws IllegalStateException when a group's rows are not contiguous (call {@link #sortedByGroup()} first)
     */
    public int[] groupSizes() {
        if (groups == null) {
            throw new IllegalStateException("the split has no groups");
        }
        int[] sizes = new int[rows];
        int count = 0;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < rows; i++) {
            if (i == 0 || groups[i] != groups[i - 1]) {
                if (!seen.add(groups[i])) {
                    throw new IllegalStateException("group " + groups[i] + " is not contiguous: sort by group first");
                }
                sizes[count++] = 0;
            }
            sizes[count - 1]++;
        }
        return Arrays.copyOf(sizes, count);
    }

    /**
     * One weight per group (XGBoost's ranking takes weights per query group, not per row).
     *
     * @throws CorruptDatasetException naming the group when its rows have different weights
     */
    public float[] groupWeights(String split) {
        int[] sizes = groupSizes();
        float[] out = new float[sizes.length];
        int row = 0;
        for (int g = 0; g < sizes.length; g++) {
            out[g] = weights[row];
            for (int i = row; i < row + sizes[g]; i++) {
                if (weights[i] != out[g]) {
                    throw new CorruptDatasetException("dataset split '" + split + "': group " + groups[row]
                            + " has rows with different weights (" + out[g] + ", " + weights[i] + "); ranking weights"
                            + " are per query group: give every row of a group the same weight");
                }
            }
            row += sizes[g];
        }
        return out;
    }

    /** Copy of one row's features (for tests and small predictions). */
    public float[] row(int index) {
        return Arrays.copyOfRange(features, index * columns, (index + 1) * columns);
    }
}
