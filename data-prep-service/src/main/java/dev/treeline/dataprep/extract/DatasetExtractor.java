package dev.treeline.dataprep.extract;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.events.DatasetSchema;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.ModelGroupNames;
import dev.treeline.events.ObjectRef;
import dev.treeline.events.definition.DataSection;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.SplitSpec;
import dev.treeline.events.definition.TaskSection;
import dev.treeline.events.definition.WindowSpec;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.ObjectStoreException;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.s3.StreamingUpload;

/**
 * Streams a model's query result from the warehouse into train/validation/test CSV objects and their
 * {@code schema.json}: no header, label first (a class code for a text label), then the weight and the group id when
 * the definition has them, then the features in a fixed order (the XGBoost/SageMaker convention); a categorical
 * feature's field is its code in the model's {@link CategoryDictionary}, loaded before the rows and appended to at
 * the end. Rows are fetched
 * through a cursor, so memory stays flat however many rows there are; the window is bound, never spliced. The
 * warehouse is only read ({@link WarehouseQueries}: a READ ONLY transaction with a statement timeout). Which
 * column is what is decided by {@link ColumnUsage}, as in the dry run: a result that does not fit the definition
 * fails the run with the problems the dry run reports.
 */
@ApplicationScoped
public class DatasetExtractor {

    private static final int FETCH_SIZE = 10_000;
    private static final byte[] NAN = "NaN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "Infinity".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private final WarehouseQueries warehouse;
    private final ObjectStore objectStore;
    private final S3Config s3;
    private final int partSize;
    private final Clock clock;
    private final CategoryDictionary dictionary;

    /** Parts in flight: a few per split (see StreamingUpload), each mostly waiting on the store. */
    private final ExecutorService uploaders = Executors.newFixedThreadPool(2 * Split.values().length, task -> {
        Thread thread = new Thread(task, "dataset-upload");
        thread.setDaemon(true);
        return thread;
    });

    public DatasetExtractor(WarehouseQueries warehouse, ObjectStore objectStore, S3Config s3, DataPrepConfig config,
            Clock clock, CategoryDictionary dictionary) {
        this.warehouse = warehouse;
        this.dictionary = dictionary;
        this.clock = clock;
        this.objectStore = objectStore;
        this.s3 = s3;
        this.partSize = config.uploadPartSize();
    }

    /** The window a run extracts today: from the definition's fixed start to today minus the pushback. */
    public static DateWindow windowFor(ModelDefinition definition, LocalDate today) {
        return windowFor(definition.data().window(), today);
    }

    /** @throws ExtractionException {@code EMPTY_WINDOW} when the start is after today minus the pushback */
    public static DateWindow windowFor(WindowSpec window, LocalDate today) {
        LocalDate end = today.minusDays(window.pushbackDays());
        if (end.isBefore(window.start())) {
            throw new ExtractionException(FailureKind.EMPTY_WINDOW, "the window is empty: start "
                    + window.start() + " is after today (" + today + ") minus " + window.pushbackDays()
                    + " pushback days");
        }
        return new DateWindow(window.start(), end);
    }

    public Dataset extract(String model, ModelDefinition definition, DateWindow window, String runId) {
        ModelGroupNames.requireValid(model);
        DataSection data = definition.data();
        NamedParameters query = NamedParameters.parse(data.query());
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put(NamedParameters.DATE_START, window.start());
        bound.put(NamedParameters.DATE_END, window.end());
        long started = clock.millis();
        CategoryDictionary.Stored stored = dictionary.load(model); // before the rows: codes stay those of earlier runs
        Written written = warehouse.read(query, window, warehouse.timeoutFor(data),
                new WarehouseQueries.Reading(FETCH_SIZE, 0),
                (rs, postgres) -> write(model, runId, definition, stored, rs, postgres));
        return new Dataset(written.features, window, data.query(), bound, new DatasetSplits(
                written.refs.get(Split.TRAIN), written.refs.get(Split.VALIDATION), written.refs.get(Split.TEST),
                written.schemaRef), written.total, written.withoutLabel, written.rowsDone - started,
                clock.millis() - written.rowsDone, written.schema);
    }

    @PreDestroy
    void stop() {
        uploaders.shutdownNow();
    }

    /** @param rowsDone when the last row was written (clock millis); the rest is finishing the uploads */
    private record Written(List<String> features, Map<Split, ObjectRef> refs, ObjectRef schemaRef,
            DatasetSchema schema, long total, long withoutLabel, long rowsDone) {
    }

    private Written write(String model, String runId, ModelDefinition definition, CategoryDictionary.Stored stored,
            ResultSet rs, boolean postgres) throws SQLException {
        DataSection data = definition.data();
        TaskSection task = definition.task();
        ColumnUsage.Classified columns = ColumnUsage.classify(ColumnUsage.ResultColumn.of(rs.getMetaData()),
                data, task.objective(), task.positiveClass());
        if (!columns.fits()) {
            throw new ExtractionException(columns.problems().get(0).kind(), columns.message());
        }
        Split.Assigner assigner = new Split.Assigner(data.split());
        Split[] splits = Split.values();
        long[] rows = new long[splits.length];
        int[] featureIndexes = columns.featureIndexes();
        int labelIndex = columns.labelIndex();
        int keyIndex = columns.keyIndex();
        int groupIndex = columns.groupIndex();
        int weightIndex = columns.weightIndex();
        // booleans are written as 1/0: result index -> is a boolean column
        boolean[] bool = new boolean[columns.columns().size() + 1];
        for (ColumnUsage.UsedColumn c : columns.columns()) {
            bool[c.index()] = c.column().bool();
        }
        // a categorical feature's codes, null for a numeric one
        CategoryCodes[] categories = new CategoryCodes[featureIndexes.length];
        int cap = data.categoryCap();
        for (int f = 0; f < featureIndexes.length; f++) {
            if (columns.categorical().get(f)) {
                String name = columns.features().get(f);
                categories[f] = new CategoryCodes(stored.of(CategoryDictionary.Kind.FEATURE, name));
                if (categories[f].size() > cap) {
                    throw tooManyCategories(name, categories[f].size(), cap, "earlier runs of this model coded");
                }
            }
        }
        TextLabel textLabel = columns.textLabel() ? TextLabel.of(task.objective(), data.labelColumn(),
                task.positiveClass(), stored.of(CategoryDictionary.Kind.LABEL, data.labelColumn())) : null;
        CategoryCodes groups = groupIndex > 0 ? new CategoryCodes(List.of()) : null;
        byte[] digits = new byte[11];
        boolean[] featureSeen = new boolean[featureIndexes.length];
        LabelRule labels = LabelRule.of(task.objective());
        boolean checkLabels = labels.constrains() && textLabel == null;
        long row = 0;
        long withoutLabel = 0;
        // the codes of earlier runs are checked above, before any upload starts
        String prefix = "datasets/" + model + "/" + runId + "/";
        StreamingUpload[] outs = new StreamingUpload[splits.length];
        for (Split split : splits) {
            outs[split.ordinal()] = objectStore.streamingUpload(s3.bucket(), prefix + split.fileName() + ".csv",
                    "text/csv", partSize, uploaders);
        }
        boolean completed = false;
        try {
            // Values go from the driver's bytes to the upload without becoming Strings: this loop runs per cell.
            while (rs.next()) {
                row++;
                int labelCode = -1;
                byte[] label;
                if (textLabel != null) {
                    label = category(rs, labelIndex, postgres, false);
                    if (label != null) {
                        labelCode = textLabel.code(label, row);
                    }
                } else {
                    label = value(rs, labelIndex, postgres, bool[labelIndex]);
                }
                if (label == null) {
                    withoutLabel++; // a row without a label teaches nothing
                    continue;
                }
                if (checkLabels) {
                    Optional<String> problem = labels.problem(label);
                    if (problem.isPresent()) {
                        throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result: "
                                + problem.get() + " (label column '" + data.labelColumn() + "')");
                    }
                }
                byte[] weight = weightIndex > 0 ? weight(rs, weightIndex, postgres, row, data.weightColumn()) : null;
                int split;
                int groupId = -1;
                if (groups != null) {
                    // a ranking keeps whole groups in one split: the group's value decides, not the row's key
                    byte[] group = category(rs, groupIndex, postgres, bool[groupIndex]);
                    if (group == null) {
                        throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result"
                                + " has no group (group column '" + data.groupColumn() + "' is NULL or empty):"
                                + " every row of a ranking belongs to a query group");
                    }
                    split = assigner.of(group).ordinal();
                    groupId = groups.code(group);
                    if (groupId < 0) {
                        groupId = groups.add(group);
                    }
                } else {
                    byte[] key = value(rs, keyIndex, postgres, false);
                    split = assigner.of(key == null ? new byte[0] : key).ordinal();
                }
                StreamingUpload out = outs[split];
                if (labelCode >= 0) {
                    writeInt(out, labelCode, digits);
                } else {
                    out.write(label);
                }
                if (weight != null) {
                    out.write(',');
                    out.write(weight);
                }
                if (groupId >= 0) {
                    out.write(',');
                    writeInt(out, groupId, digits);
                }
                for (int f = 0; f < featureIndexes.length; f++) {
                    out.write(',');
                    CategoryCodes codes = categories[f];
                    if (codes == null) {
                        byte[] feature = value(rs, featureIndexes[f], postgres, bool[featureIndexes[f]]);
                        if (feature != null) { // missing stays empty, which XGBoost reads as missing
                            featureSeen[f] = true;
                            out.write(feature);
                        }
                    } else {
                        byte[] feature = category(rs, featureIndexes[f], postgres, bool[featureIndexes[f]]);
                        if (feature != null) {
                            featureSeen[f] = true;
                            int code = codes.code(feature);
                            if (code < 0) {
                                if (codes.size() >= cap) {
                                    throw tooManyCategories(columns.features().get(f), codes.size() + 1, cap,
                                            "by row " + row + " the run (with earlier runs' codes) had");
                                }
                                code = codes.add(feature);
                            }
                            writeInt(out, code, digits);
                        }
                    }
                }
                out.write('\n');
                rows[split]++;
            }
            long rowsDone = clock.millis();
            long total = check(columns, rows, featureSeen, withoutLabel);
            if (textLabel != null) {
                textLabel.checkComplete();
            }
            for (StreamingUpload out : outs) {
                out.finishWriting(); // the last parts of all three go up together
            }
            // the codes are stored before anything is visible: a conflict leaves no dataset behind
            dictionary.append(model, runId, newCodes(columns, categories, textLabel));
            DatasetSchema schema = schema(data, columns, categories, textLabel);
            Map<Split, ObjectRef> refs = new EnumMap<>(Split.class);
            for (Split split : splits) {
                refs.put(split, outs[split.ordinal()].complete(rows[split.ordinal()]));
            }
            // a few KB: one PUT, no part buffer; after the splits, as before
            ObjectRef schemaRef = objectStore.put(s3.bucket(), prefix + DatasetSchema.FILE_NAME, "application/json",
                    schema.toJson());
            completed = true;
            return new Written(columns.features(), refs, schemaRef, schema, total, withoutLabel, rowsDone);
        } catch (ObjectStoreException e) {
            throw new DatasetUploadException(e);
        } finally {
            if (!completed) {
                for (StreamingUpload out : outs) {
                    out.abort();
                }
            }
        }
    }

    private static ExtractionException tooManyCategories(String column, int count, int cap, String when) {
        return new ExtractionException(FailureKind.TOO_MANY_CATEGORIES, "categorical feature '" + column + "': "
                + when + " " + count + " distinct values, more than data.max-categories (" + cap + "): an identifier"
                + " is not a category: list it under ignore-columns, or raise data.max-categories");
    }

    /** What this run adds to the model's dictionary. */
    private static List<CategoryDictionary.Code> newCodes(ColumnUsage.Classified columns, CategoryCodes[] categories,
            TextLabel textLabel) {
        List<CategoryDictionary.Code> codes = new ArrayList<>();
        for (int f = 0; f < categories.length; f++) {
            if (categories[f] != null) {
                List<String> added = categories[f].added();
                for (int i = 0; i < added.size(); i++) {
                    codes.add(new CategoryDictionary.Code(CategoryDictionary.Kind.FEATURE, columns.features().get(f),
                            added.get(i), categories[f].firstNew() + i));
                }
            }
        }
        if (textLabel != null) {
            codes.addAll(textLabel.added());
        }
        return codes;
    }

    /** The schema of what was written: categories and classes are the whole dictionary after this run. */
    private static DatasetSchema schema(DataSection data, ColumnUsage.Classified columns, CategoryCodes[] categories,
            TextLabel textLabel) {
        List<DatasetSchema.Feature> features = new ArrayList<>(categories.length);
        for (int f = 0; f < categories.length; f++) {
            String name = columns.features().get(f);
            features.add(categories[f] == null ? DatasetSchema.Feature.numeric(name)
                    : DatasetSchema.Feature.categorical(name, categories[f].values()));
        }
        return new DatasetSchema(DatasetSchema.VERSION, features, new DatasetSchema.Label(data.labelColumn(),
                textLabel == null ? List.of() : textLabel.classes()), data.weightColumn(), data.groupColumn());
    }

    /** Writes a non-negative int as ASCII digits, without allocating. */
    private static void writeInt(StreamingUpload out, int value, byte[] digits) {
        if (value < 10) {
            out.write('0' + value);
            return;
        }
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        out.write(digits, at, digits.length - at);
    }

    /** A row's weight as the server wrote it; a missing or negative weight fails the run naming the row. */
    private static byte[] weight(ResultSet rs, int column, boolean postgres, long row, String name)
            throws SQLException {
        byte[] weight = value(rs, column, postgres, false);
        if (weight == null) {
            throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result has no weight"
                    + " (weight column '" + name + "' is NULL or NaN): every row needs a weight >= 0");
        }
        if (weight[0] == '-' && Double.parseDouble(new String(weight, StandardCharsets.US_ASCII)) < 0) {
            throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result: weight "
                    + new String(weight, StandardCharsets.US_ASCII) + " in weight column '" + name + "' is negative:"
                    + " sample weights are numbers >= 0");
        }
        return weight;
    }

    /**
     * A categorical cell (or a text label, or a group) as the bytes of its value: text as the server sent it, a number
     * as the server wrote it, a boolean {@code true}/{@code false}; null for missing (NULL, NaN, the empty string).
     */
    private static byte[] category(ResultSet rs, int column, boolean postgres, boolean bool) throws SQLException {
        if (bool) {
            boolean b = rs.getBoolean(column);
            return rs.wasNull() ? null : b ? TRUE : FALSE;
        }
        byte[] value = raw(rs, column, postgres);
        return value == null || value.length == 0 || Arrays.equals(value, NAN) ? null : value;
    }

    /** Refuses datasets a model cannot learn from; returns the number of rows. */
    private static long check(ColumnUsage.Classified columns, long[] rows, boolean[] featureSeen, long withoutLabel) {
        long total = 0;
        for (long n : rows) {
            total += n;
        }
        if (total == 0) {
            throw new ExtractionException(FailureKind.NO_ROWS,
                    "the query returned no labelled rows in the window"
                            + (withoutLabel > 0 ? " (" + withoutLabel + " rows had no label)" : ""));
        }
        List<String> empty = new ArrayList<>();
        for (int f = 0; f < featureSeen.length; f++) {
            if (!featureSeen[f]) {
                empty.add(columns.features().get(f));
            }
        }
        if (!empty.isEmpty()) {
            throw new ExtractionException(FailureKind.EMPTY_FEATURE, "feature column(s) " + empty
                    + " have no value in any row (all NULL, NaN or empty)");
        }
        for (Split split : Split.values()) {
            if (rows[split.ordinal()] == 0) {
                throw new ExtractionException(FailureKind.EMPTY_SPLIT, "the " + split.fileName()
                        + " split got none of the " + total + " rows; extract more rows or change the split ratios");
            }
        }
        return total;
    }

    /**
     * A numeric cell as the text the server sent (PgJDBC hands text-format values over as their bytes; other
     * drivers go through a String); null for NULL and NaN (missing). Infinities are refused as nonsense. A boolean
     * is 1 or 0 (PostgreSQL sends {@code t}/{@code f}, other drivers {@code true}/{@code false}).
     */
    private static byte[] value(ResultSet rs, int column, boolean postgres, boolean bool) throws SQLException {
        if (bool) {
            boolean b = rs.getBoolean(column);
            return rs.wasNull() ? null : b ? ONE : ZERO;
        }
        byte[] value = raw(rs, column, postgres);
        if (value == null || Arrays.equals(value, NAN)) {
            return null;
        }
        if (value.length >= INFINITY.length && value[value.length - 1] == 'y' && Arrays.equals(value,
                value.length - INFINITY.length, value.length, INFINITY, 0, INFINITY.length)) {
            throw new ExtractionException(FailureKind.BAD_VALUE, "an infinite value ("
                    + new String(value, StandardCharsets.UTF_8) + ") is in the data");
        }
        return value;
    }

    /** The cell as the server sent it (PgJDBC: the wire bytes, no copy); other drivers go through a String. */
    private static byte[] raw(ResultSet rs, int column, boolean postgres) throws SQLException {
        if (postgres) {
            return rs.getBytes(column);
        }
        String text = rs.getString(column);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
