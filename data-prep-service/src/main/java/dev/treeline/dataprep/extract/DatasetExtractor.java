package dev.treeline.dataprep.extract;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.ModelGroupNames;
import dev.treeline.events.ObjectRef;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.ObjectStoreException;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.s3.StreamingUpload;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * Streams a model's query result from the warehouse into train/validation/test CSV objects: no header,
 * label first, features after in a fixed order (the XGBoost/SageMaker convention). Rows are fetched
 * through a cursor, so memory stays flat however many rows there are; the window is bound, never spliced. The
 * warehouse is only read: the query runs in a READ ONLY transaction with a statement timeout.
 */
@ApplicationScoped
public class DatasetExtractor {

    private static final int FETCH_SIZE = 10_000;
    /** SQLSTATEs: a write in a read-only transaction; a statement cancelled (here: by statement_timeout). */
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";
    private static final String QUERY_CANCELED = "57014";
    private static final byte[] NAN = "NaN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "Infinity".getBytes(StandardCharsets.US_ASCII);
    private static final Set<Integer> NUMERIC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL);

    private final AgroalDataSource warehouse;
    private final ObjectStore objectStore;
    private final S3Config s3;
    private final int partSize;
    private final Duration statementTimeout;
    private final Clock clock;

    /** Parts in flight: a few per split (see StreamingUpload), each mostly waiting on the store. */
    private final ExecutorService uploaders = Executors.newFixedThreadPool(2 * Split.values().length, task -> {
        Thread thread = new Thread(task, "dataset-upload");
        thread.setDaemon(true);
        return thread;
    });

    public DatasetExtractor(@DataSource("warehouse") AgroalDataSource warehouse, ObjectStore objectStore, S3Config s3,
            DataPrepConfig config, Clock clock) {
        this.warehouse = warehouse;
        this.clock = clock;
        this.objectStore = objectStore;
        this.s3 = s3;
        this.partSize = config.uploadPartSize();
        this.statementTimeout = config.warehouse().statementTimeout();
    }

    /** The window a run extracts today: from the spec's fixed start to today minus the pushback. */
    public static DateWindow windowFor(ModelDefinition definition, LocalDate today) {
        var spec = definition.data();
        LocalDate end = today.minusDays(spec.window().pushbackDays());
        if (end.isBefore(spec.window().start())) {
            throw new ExtractionException(FailureKind.EMPTY_WINDOW, "the window is empty: start "
                    + spec.window().start() + " is after today (" + today + ") minus " + spec.window().pushbackDays()
                    + " pushback days");
        }
        return new DateWindow(spec.window().start(), end);
    }

    public Dataset extract(String model, ModelDefinition definition, DateWindow window, String runId) {
        var spec = definition.data();
        ModelGroupNames.requireValid(model);
        NamedParameters query = NamedParameters.parse(spec.query());
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put(NamedParameters.DATE_START, window.start());
        bound.put(NamedParameters.DATE_END, window.end());
        long started = clock.millis();
        Written written = writeSplits(model, runId, spec, query, bound);
        return new Dataset(written.features, window, spec.query(), bound, new DatasetSplits(
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

    private Written writeSplits(String model, String runId, dev.treeline.events.definition.DataSection spec, NamedParameters query,
            Map<String, Object> bound) {
        Duration timeout = spec.statementTimeout() == null ? statementTimeout : spec.statementTimeout();
        try (Connection connection = connect()) {
            connection.setAutoCommit(false); // PostgreSQL only streams through a cursor inside a transaction
            connection.setReadOnly(true);
            boolean postgres = connection.isWrapperFor(PGConnection.class);
            if (postgres) {
                onlyReading(connection, timeout);
            }
            try (PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                if (!postgres) {
                    statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                }
                if (postgres) {
                    // Never a server-side prepared statement: those switch PgJDBC to binary results after a few
                    // executions, and 50 would then read as "50.0", changing the CSV bytes of the same rows.
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                }
                for (int i = 0; i < query.order().size(); i++) {
                    statement.setDate(i + 1, Date.valueOf((LocalDate) bound.get(query.order().get(i))));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return write(model, runId, spec, rs, postgres);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08")) { // connection exception class
                throw new WarehouseUnreachableException("the warehouse connection broke during the query: "
                        + e.getMessage(), e);
            }
            if (state.equals(READ_ONLY_SQL_TRANSACTION)) {
                throw new ExtractionException(FailureKind.QUERY_WRITES, "the query tried to change the warehouse,"
                        + " which data-prep only reads: it runs in a read-only transaction, so nothing was changed ("
                        + e.getMessage() + ")", e);
            }
            if (state.equals(QUERY_CANCELED)) {
                throw new ExtractionException(FailureKind.QUERY_TIMEOUT, "the query ran longer than its statement"
                        + " timeout of " + timeout + " and the warehouse cancelled it (treeline.data-prep.warehouse"
                        + ".statement-timeout, or the spec's statement-timeout): " + e.getMessage(), e);
            }
            throw new ExtractionException(FailureKind.QUERY_FAILED, "warehouse query failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Makes the transaction read-only on the server, whatever the driver does with {@code setReadOnly} (a write,
     * even inside a function the query calls, then fails with SQLSTATE 25006), and sets the statement timeout
     * for this transaction only ({@code set_config(.., true)} is {@code SET LOCAL}, its value bound).
     */
    private static void onlyReading(Connection connection, Duration timeout) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute("set transaction read only");
        }
        try (PreparedStatement set = connection.prepareStatement("select set_config('statement_timeout', ?, true)")) {
            set.setString(1, timeout.toMillis() + "ms");
            set.execute();
        }
    }

    private Connection connect() {
        try {
            return warehouse.getConnection();
        } catch (SQLException e) {
            throw new WarehouseUnreachableException("the warehouse is unreachable: " + e.getMessage(), e);
        }
    }

    private Written write(String model, String runId, dev.treeline.events.definition.DataSection spec, ResultSet rs, boolean postgres)
            throws SQLException {
        Columns columns = Columns.resolve(spec, rs.getMetaData());
        Split.Assigner assigner = new Split.Assigner(spec.split());
        Split[] splits = Split.values();
        StreamingUpload[] outs = new StreamingUpload[splits.length];
        for (Split split : splits) {
            outs[split.ordinal()] = objectStore.streamingUpload(s3.bucket(), "datasets/" + model + "/" + runId + "/"
                    + split.fileName() + ".csv", "text/csv", partSize, uploaders);
        }
        long[] rows = new long[splits.length];
        int[] featureIndexes = columns.featureIndexes;
        boolean[] featureSeen = new boolean[featureIndexes.length];
        long withoutLabel = 0;
        boolean completed = false;
        try {
            // Values go from the driver's bytes to the upload without becoming Strings: this loop runs per cell.
            while (rs.next()) {
                byte[] label = value(rs, columns.label, postgres);
                if (label == null) {
                    withoutLabel++; // a row without a label teaches nothing
                    continue;
                }
                byte[] key = value(rs, columns.hashKey, postgres);
                int split = assigner.of(key == null ? new byte[0] : key).ordinal();
                StreamingUpload out = outs[split];
                out.write(label);
                for (int f = 0; f < featureIndexes.length; f++) {
                    out.write(',');
                    byte[] feature = value(rs, featureIndexes[f], postgres);
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
            return new Written(columns.features, refs, total, withoutLabel, rowsDone);
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
    private static long check(Columns columns, long[] rows, boolean[] featureSeen, long withoutLabel) {
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
                empty.add(columns.features.get(f));
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
     * drivers go through a String); null for NULL and NaN (missing). Infinities are refused as nonsense.
     */
    private static byte[] value(ResultSet rs, int column, boolean postgres) throws SQLException {
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

    private record Columns(int label, int hashKey, List<String> features, int[] featureIndexes) {

        static Columns resolve(dev.treeline.events.definition.DataSection spec, ResultSetMetaData meta) throws SQLException {
            Map<String, Integer> index = new LinkedHashMap<>();
            Map<String, Integer> types = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                index.put(meta.getColumnLabel(i), i);
                types.put(meta.getColumnLabel(i), meta.getColumnType(i));
            }
            Integer label = index.get(spec.labelColumn());
            if (label == null) {
                throw new ExtractionException(FailureKind.MISSING_COLUMN,
                        "label column '" + spec.labelColumn() + "' is not in the query result"
                        + " (columns: " + index.keySet() + ")");
            }
            if (!NUMERIC.contains(types.get(spec.labelColumn()))) {
                throw new ExtractionException(FailureKind.NON_NUMERIC_COLUMN,
                        "label column '" + spec.labelColumn() + "' is not numeric (type "
                        + meta.getColumnTypeName(label) + ")");
            }
            String hashColumn = spec.keyColumn();
            Integer hashKey = index.get(hashColumn);
            if (hashKey == null) {
                throw new ExtractionException(FailureKind.MISSING_COLUMN,
                        "split hash column '" + hashColumn + "' is not in the query result"
                        + " (columns: " + index.keySet() + ")");
            }
            List<String> features;
            if (!spec.featureColumns().isEmpty()) {
                features = spec.featureColumns();
                List<String> missing = features.stream().filter(f -> !index.containsKey(f)).toList();
                if (!missing.isEmpty()) {
                    throw new ExtractionException(FailureKind.MISSING_COLUMN,
                            "feature column(s) " + missing + " are not in the query result"
                            + " (columns: " + index.keySet() + ")");
                }
                List<String> nonNumeric = features.stream().filter(f -> !NUMERIC.contains(types.get(f))).toList();
                if (!nonNumeric.isEmpty()) {
                    throw new ExtractionException(FailureKind.NON_NUMERIC_COLUMN,
                            "feature column(s) " + nonNumeric + " are not numeric");
                }
            } else {
                // "All other numeric columns", in result order; the hash key is an identifier, not a feature.
                features = index.keySet().stream().filter(c -> !c.equals(spec.labelColumn()))
                        .filter(c -> !c.equals(hashColumn)).filter(c -> !spec.ignoreColumns().contains(c)).filter(c -> NUMERIC.contains(types.get(c))).toList();
                if (features.isEmpty()) {
                    throw new ExtractionException(FailureKind.NON_NUMERIC_COLUMN,
                            "the query result has no numeric feature column besides the label");
                }
            }
            int[] featureIndexes = features.stream().mapToInt(index::get).toArray();
            return new Columns(label, hashKey, List.copyOf(features), featureIndexes);
        }
    }
}
