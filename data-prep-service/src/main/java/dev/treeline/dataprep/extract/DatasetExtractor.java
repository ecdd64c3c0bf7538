package dev.treeline.dataprep.extract;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.spec.ModelSpecs;
import dev.treeline.events.DatasetSplits;
import dev.treeline.events.DateWindow;
import dev.treeline.events.ModelGroupNames;
import dev.treeline.events.ObjectRef;
import dev.treeline.support.s3.ObjectStore;
import dev.treeline.support.s3.S3Config;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import org.postgresql.PGStatement;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Streams a model's query result from the warehouse into train/validation/test CSV objects: no header,
 * label first, features after in a fixed order (the XGBoost/SageMaker convention). Rows are fetched
 * through a cursor, so memory stays flat however many rows there are; the window is bound, never spliced.
 */
@ApplicationScoped
public class DatasetExtractor {

    private static final int FETCH_SIZE = 10_000;
    private static final Set<Integer> NUMERIC = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
            Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL);

    private final AgroalDataSource warehouse;
    private final ObjectStore store;
    private final S3Config s3;

    public DatasetExtractor(@DataSource("warehouse") AgroalDataSource warehouse, ObjectStore store, S3Config s3) {
        this.warehouse = warehouse;
        this.store = store;
        this.s3 = s3;
    }

    /** The window a run extracts today: from the spec's fixed start to today minus the pushback. */
    public static DateWindow windowFor(ModelSpecs.ModelSpec spec, LocalDate today) {
        LocalDate end = today.minusDays(spec.window().pushbackDays());
        if (end.isBefore(spec.window().start())) {
            throw new ExtractionException(ExtractionException.Kind.EMPTY_WINDOW, "the window is empty: start " + spec.window().start() + " is after today ("
                    + today + ") minus " + spec.window().pushbackDays() + " pushback days");
        }
        return new DateWindow(spec.window().start(), end);
    }

    public Dataset extract(String model, ModelSpecs.ModelSpec spec, DateWindow window, String runId) {
        ModelGroupNames.requireValid(model);
        NamedParameters query = NamedParameters.parse(spec.query());
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put(NamedParameters.DATE_START, window.start());
        bound.put(NamedParameters.DATE_END, window.end());
        Path dir = createTempDir();
        try {
            Written written = writeSplits(spec, query, bound, dir);
            Map<Split, ObjectRef> refs = new EnumMap<>(Split.class);
            for (Split split : Split.values()) {
                String key = "datasets/" + model + "/" + runId + "/" + split.fileName() + ".csv";
                refs.put(split, upload(key, written.files.get(split), written.rows.get(split)));
            }
            return new Dataset(written.features, window, spec.query(), bound, new DatasetSplits(refs.get(Split.TRAIN),
                    refs.get(Split.VALIDATION), refs.get(Split.TEST)), written.total, written.withoutLabel);
        } finally {
            deleteQuietly(dir);
        }
    }

    private record Written(List<String> features, Map<Split, Path> files, Map<Split, Long> rows, long total,
            long withoutLabel) {
    }

    private Written writeSplits(ModelSpecs.ModelSpec spec, NamedParameters query, Map<String, Object> bound,
            Path dir) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false); // PostgreSQL only streams through a cursor inside a transaction
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                if (statement.isWrapperFor(PGStatement.class)) {
                    // Never a server-side prepared statement: those switch PgJDBC to binary results after a few
                    // executions, and 50 would then read as "50.0", changing the CSV bytes of the same rows.
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                }
                for (int i = 0; i < query.order().size(); i++) {
                    statement.setDate(i + 1, Date.valueOf((LocalDate) bound.get(query.order().get(i))));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return write(spec, rs, dir);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) { // connection exception class
                throw new WarehouseUnreachableException("the warehouse connection broke during the query: "
                        + e.getMessage(), e);
            }
            throw new ExtractionException(ExtractionException.Kind.QUERY_FAILED, "warehouse query failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Connection connect() {
        try {
            return warehouse.getConnection();
        } catch (SQLException e) {
            throw new WarehouseUnreachableException("the warehouse is unreachable: " + e.getMessage(), e);
        }
    }

    private ObjectRef upload(String key, Path file, long rows) {
        try {
            return store.put(s3.bucket(), key, file, rows);
        } catch (SdkException e) {
            throw new ExtractionException(ExtractionException.Kind.OBJECT_STORE, "could not upload s3://"
                    + s3.bucket() + "/" + key + " (object store unreachable or refusing): " + e.getMessage(), e);
        }
    }

    private Written write(ModelSpecs.ModelSpec spec, ResultSet rs, Path dir) throws SQLException, IOException {
        Columns columns = Columns.resolve(spec, rs.getMetaData());
        Split.Assigner assigner = new Split.Assigner(spec.split());
        Map<Split, Path> files = new EnumMap<>(Split.class);
        Map<Split, BufferedWriter> writers = new EnumMap<>(Split.class);
        Map<Split, Long> rows = new EnumMap<>(Split.class);
        boolean[] featureSeen = new boolean[columns.features.size()];
        long withoutLabel = 0;
        try {
            for (Split split : Split.values()) {
                Path file = dir.resolve(split.fileName() + ".csv");
                files.put(split, file);
                writers.put(split, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
                rows.put(split, 0L);
            }
            StringBuilder line = new StringBuilder(256);
            while (rs.next()) {
                String label = numeric(rs.getString(columns.label));
                if (label.isEmpty()) {
                    withoutLabel++; // a row without a label teaches nothing
                    continue;
                }
                line.setLength(0);
                line.append(label);
                for (int f = 0; f < columns.features.size(); f++) {
                    String value = numeric(rs.getString(columns.featureIndexes[f]));
                    featureSeen[f] |= !value.isEmpty();
                    line.append(',').append(value); // empty = missing, which XGBoost handles
                }
                line.append('\n');
                String key = rs.getString(columns.hashKey);
                Split split = assigner.of(key == null ? "" : key);
                writers.get(split).append(line);
                rows.merge(split, 1L, Long::sum);
            }
        } finally {
            for (BufferedWriter w : writers.values()) {
                w.close();
            }
        }
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            throw new ExtractionException(ExtractionException.Kind.NO_ROWS, "the query returned no labelled rows in the window"
                    + (withoutLabel > 0 ? " (" + withoutLabel + " rows had no label)" : ""));
        }
        List<String> empty = new ArrayList<>();
        for (int f = 0; f < featureSeen.length; f++) {
            if (!featureSeen[f]) {
                empty.add(columns.features.get(f));
            }
        }
        if (!empty.isEmpty()) {
            throw new ExtractionException(ExtractionException.Kind.EMPTY_FEATURE, "feature column(s) " + empty + " have no numeric value in any row (all NULL"
                    + " or NaN)");
        }
        for (Split split : Split.values()) {
            if (rows.get(split) == 0) {
                throw new ExtractionException(ExtractionException.Kind.EMPTY_SPLIT, "the " + split.fileName() + " split got none of the " + total
                        + " rows; extract more rows or change the split ratios");
            }
        }
        return new Written(columns.features, files, rows, total, withoutLabel);
    }

    /** NULL and NaN become empty (missing); infinities are refused as nonsense for a feature or label. */
    private static String numeric(String value) {
        if (value == null || "NaN".equals(value)) {
            return "";
        }
        if (value.endsWith("Infinity")) {
            throw new ExtractionException(ExtractionException.Kind.BAD_VALUE, "an infinite value (" + value + ") is in the data");
        }
        return value;
    }

    private record Columns(int label, int hashKey, List<String> features, int[] featureIndexes) {

        static Columns resolve(ModelSpecs.ModelSpec spec, ResultSetMetaData meta) throws SQLException {
            Map<String, Integer> index = new LinkedHashMap<>();
            Map<String, Integer> types = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                index.put(meta.getColumnLabel(i), i);
                types.put(meta.getColumnLabel(i), meta.getColumnType(i));
            }
            Integer label = index.get(spec.labelColumn());
            if (label == null) {
                throw new ExtractionException(ExtractionException.Kind.MISSING_COLUMN, "label column '" + spec.labelColumn() + "' is not in the query result"
                        + " (columns: " + index.keySet() + ")");
            }
            if (!NUMERIC.contains(types.get(spec.labelColumn()))) {
                throw new ExtractionException(ExtractionException.Kind.NON_NUMERIC_COLUMN, "label column '" + spec.labelColumn() + "' is not numeric (type "
                        + meta.getColumnTypeName(label) + ")");
            }
            String hashColumn = spec.split().hashColumn();
            Integer hashKey = index.get(hashColumn);
            if (hashKey == null) {
                throw new ExtractionException(ExtractionException.Kind.MISSING_COLUMN, "split hash column '" + hashColumn + "' is not in the query result"
                        + " (columns: " + index.keySet() + ")");
            }
            List<String> features;
            if (spec.featureColumns().isPresent()) {
                features = spec.featureColumns().get();
                List<String> missing = features.stream().filter(f -> !index.containsKey(f)).toList();
                if (!missing.isEmpty()) {
                    throw new ExtractionException(ExtractionException.Kind.MISSING_COLUMN, "feature column(s) " + missing + " are not in the query result"
                            + " (columns: " + index.keySet() + ")");
                }
                List<String> nonNumeric = features.stream().filter(f -> !NUMERIC.contains(types.get(f))).toList();
                if (!nonNumeric.isEmpty()) {
                    throw new ExtractionException(ExtractionException.Kind.NON_NUMERIC_COLUMN, "feature column(s) " + nonNumeric + " are not numeric");
                }
            } else {
                // "All other numeric columns", in result order; the hash key is an identifier, not a feature.
                features = index.keySet().stream().filter(c -> !c.equals(spec.labelColumn()))
                        .filter(c -> !c.equals(hashColumn)).filter(c -> NUMERIC.contains(types.get(c))).toList();
                if (features.isEmpty()) {
                    throw new ExtractionException(ExtractionException.Kind.NON_NUMERIC_COLUMN, "the query result has no numeric feature column besides the label");
                }
            }
            int[] featureIndexes = features.stream().mapToInt(index::get).toArray();
            return new Columns(label, hashKey, List.copyOf(features), featureIndexes);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("treeline-dataset-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS cleans up what is left
        }
    }
}
