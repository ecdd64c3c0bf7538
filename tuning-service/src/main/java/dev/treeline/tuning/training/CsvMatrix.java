package dev.treeline.tuning.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A dataset split as data-prep writes it: CSV without header, label first, then the features in the dataset's
 * feature order; an empty field is a missing value (NaN, XGBoost's missing marker). Features are kept row-major in
 * one float array, which is exactly what {@code new DMatrix(float[], rows, cols, NaN)} takes, so there is no
 * per-row object on the way to XGBoost.
 */
public record CsvMatrix(float[] features, float[] labels, int rows, int columns) {

    public CsvMatrix {
        if (features.length != (long) rows * columns || labels.length != rows) {
            throw new IllegalArgumentException("matrix arrays do not match " + rows + " x " + columns);
        }
    }

    /**
     * Reads a split, checking every row has 1 + {@code featureCount} fields.
     *
     * @throws CorruptDatasetException on a malformed row or number (line number in the message)
     */
    public static CsvMatrix read(Path file, int featureCount) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1, got " + featureCount);
        }
        float[] features = new float[1024 * featureCount];
        float[] labels = new float[1024];
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
                }
                parseRow(text, line, featureCount, labels, rows, features, rows * featureCount);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return new CsvMatrix(Arrays.copyOf(features, rows * featureCount), Arrays.copyOf(labels, rows), rows,
                featureCount);
    }

    private static void parseRow(String text, long line, int featureCount, float[] labels, int row, float[] features,
                                 int offset) {
        int field = 0;
        int start = 0;
        int length = text.length();
        while (true) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            if (field > featureCount) {
                throw new CorruptDatasetException("line " + line + ": more than " + (featureCount + 1) + " fields");
            }
            float value = parse(text, start, end, line, field);
            if (field == 0) {
                if (Float.isNaN(value)) {
                    throw new CorruptDatasetException("line " + line + ": the label is missing");
                }
                labels[row] = value;
            } else {
                features[offset + field - 1] = value;
            }
            field++;
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        if (field != featureCount + 1) {
            throw new CorruptDatasetException("line " + line + ": expected " + (featureCount + 1) + " fields, found "
                    + field);
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

    /** Copy of one row's features (for tests and small predictions). */
    public float[] row(int index) {
        return Arrays.copyOfRange(features, index * columns, (index + 1) * columns);
    }
}
