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
 * Streams a model's query result from the warehouse into train/validation/test CSV objects: no header,
 * label first, features after in a fixed order (the XGBoost/SageMaker convention). Rows are fetched
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

    private final WarehouseQueries warehouse;
    private final ObjectStore objectStore;
    private final S3Config s3;
    private final int partSize;
    private final Clock clock;

    /** Parts in flight: a few per split (see StreamingUpload), each mostly waiting on the store. */
    private final ExecutorService uploaders = Executors.newFixedThreadPool(2 * Split.values().length, task -> {
        Thread thread = new Thread(task, "dataset-upload");
        thread.setDaemon(true);
        return thread;
    });

    public DatasetExtractor(WarehouseQueries warehouse, ObjectStore objectStore, S3Config s3, DataPrepConfig config,
            Clock clock) {
        this.warehouse = warehouse;
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
        Written written = warehouse.read(query, window, warehouse.timeoutFor(data),
                new WarehouseQueries.Reading(FETCH_SIZE, 0),
                (rs, postgres) -> write(model, runId, definition, rs, postgres));
        return new Dataset(written.features, window, data.query(), bound, new DatasetSplits(
                written.refs.get(Split.TRAIN), written.refs.get(Split.VALIDATION), written.refs.get(Split.TEST)),
                written.total, written.withoutLabel, written.rowsDone - started, clock.millis() - written.rowsDone);
    }

    @PreDestroy
    void stop() {
        uploaders.shutdownNow();
    }

    /** @param rowsDone when the last row was written (clock millis); the rest is finishing the uploads */
    private record Written(List<String> features, Map<Split, ObjectRef> refs, long total, long withoutLabel,
            long rowsDone) {
    }

    private Written write(String model, String runId, ModelDefinition definition, ResultSet rs, boolean postgres)
            throws SQLException {
        ColumnUsage.Classified columns = ColumnUsage.classify(ColumnUsage.ResultColumn.of(rs.getMetaData()),
                definition.data(), definition.task().objective());
        if (!columns.fits()) {
            throw new ExtractionException(columns.problems().get(0).kind(), columns.message());
        }
        Split.Assigner assigner = new Split.Assigner(definition.data().split());
        Split[] splits = Split.values();
        StreamingUpload[] outs = new StreamingUpload[splits.length];
        for (Split split : splits) {
            outs[split.ordinal()] = objectStore.streamingUpload(s3.bucket(), "datasets/" + model + "/" + runId + "/"
                    + split.fileName() + ".csv", "text/csv", partSize, uploaders);
        }
        long[] rows = new long[splits.length];
        int[] featureIndexes = columns.featureIndexes();
        int labelIndex = columns.labelIndex();
        int keyIndex = columns.keyIndex();
        // booleans are written as 1/0: result index -> is a boolean column
        boolean[] bool = new boolean[columns.columns().size() + 1];
        for (ColumnUsage.UsedColumn c : columns.columns()) {
            bool[c.index()] = c.column().bool();
        }
        boolean[] featureSeen = new boolean[featureIndexes.length];
        LabelRule labels = LabelRule.of(definition.task().objective());
        boolean checkLabels = labels.constrains();
        long row = 0;
        long withoutLabel = 0;
        boolean completed = false;
        try {
            // Values go from the driver's bytes to the upload without becoming Strings: this loop runs per cell.
            while (rs.next()) {
                byte[] label = value(rs, labelIndex, postgres, bool[labelIndex]);
                row++;
                if (label == null) {
                    withoutLabel++; // a row without a label teaches nothing
                    continue;
                }
                if (checkLabels) {
                    Optional<String> problem = labels.problem(label);
                    if (problem.isPresent()) {
                        throw new ExtractionException(FailureKind.BAD_VALUE, "row " + row + " of the query result: "
                                + problem.get() + " (label column '" + definition.data().labelColumn() + "')");
                    }
                }
                byte[] key = value(rs, keyIndex, postgres, false);
                int split = assigner.of(key == null ? new byte[0] : key).ordinal();
                StreamingUpload out = outs[split];
                out.write(label);
                for (int f = 0; f < featureIndexes.length; f++) {
                    out.write(',');
                    byte[] feature = value(rs, featureIndexes[f], postgres, bool[featureIndexes[f]]);
                    if (feature != null) { // missing stays empty, which XGBoost reads as missing
                        featureSeen[f] = true;
                        out.write(feature);
                    }
                }
                out.write('\n');
                rows[split]++;
            }
            long rowsDone = clock.millis();
            long total = check(columns, rows, featureSeen, withoutLabel);
            for (StreamingUpload out : outs) {
                out.finishWriting(); // the last parts of all three go up together
            }
            Map<Split, ObjectRef> refs = new EnumMap<>(Split.class);
            for (Split split : splits) {
                refs.put(split, outs[split.ordinal()].complete(rows[split.ordinal()]));
            }
            completed = true;
            return new Written(columns.features(), refs, total, withoutLabel, rowsDone);
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
                    + " have no numeric value in any row (all NULL or NaN)");
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
        byte[] value;
        if (postgres) {
            value = rs.getBytes(column);
        } else {
            String text = rs.getString(column);
            value = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
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
}
