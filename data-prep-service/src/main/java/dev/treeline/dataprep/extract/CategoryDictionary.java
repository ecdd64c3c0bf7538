package dev.treeline.dataprep.extract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;

/**
 * A model's category dictionary in data-prep's database ({@code category_code}): the code of every value of its
 * categorical features and of every class of its text label. Append-only, so codes stay stable across retrains:
 * an extraction loads the dictionary before reading rows, codes new values in memory, and appends them at its end
 * in one transaction. Plain JDBC: a batch insert under an advisory lock, outside any JTA transaction.
 */
@ApplicationScoped
public class CategoryDictionary {

    /** Whose codes: a feature's categories or the label's classes. */
    public enum Kind {
        FEATURE, LABEL
    }

    /** One code. */
    public record Code(Kind kind, String column, String value, int code) {
    }

    /**
     * A model's dictionary as read: per kind and column, the values by code.
     */
    public record Stored(Map<Kind, Map<String, List<String>>> values) {

        public static final Stored EMPTY = new Stored(Map.of());

        /** The values of a column by code; empty when it has none. */
        public List<String> of(Kind kind, String column) {
            return values.getOrDefault(kind, Map.of()).getOrDefault(column, List.of());
        }
    }

    private static final String SELECT = "select kind, column_name, value, code from category_code where model = ?"
            + " order by kind, column_name, code";

    private final AgroalDataSource db;
    private final Clock clock;

    public CategoryDictionary(AgroalDataSource db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The model's dictionary. */
    public Stored load(String model) {
        try (Connection connection = db.getConnection()) {
            return read(connection, model);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the category dictionary of " + model + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Appends a run's new codes in one transaction. An advisory lock on the model serialises runs of the same model
     * (which the active-run index already prevents; this also covers direct callers); under it, what is stored now
     * is compared with the new codes: one that is already there with the same value is skipped, one whose value or
     * code another run took meanwhile fails the run ({@code DICTIONARY_CONFLICT}) and nothing is written.
     */
    public void append(String model, String runId, List<Code> codes) {
        if (codes.isEmpty()) {
            return;
        }
        try (Connection connection = db.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(
                        "select pg_advisory_xact_lock(hashtext(?))")) {
                    lock.setString(1, "category_code/" + model);
                    lock.execute();
                }
                Stored now = read(connection, model);
                List<Code> toInsert = new ArrayList<>();
                List<String> conflicts = new ArrayList<>();
                for (Code code : codes) {
                    List<String> values = now.of(code.kind(), code.column());
                    int at = values.indexOf(code.value());
                    if (at == code.code()) {
                        continue; // already there, same code
                    }
                    if (at >= 0 || code.code() < values.size()) {
                        conflicts.add(code.kind().name().toLowerCase(java.util.Locale.ROOT) + " '" + code.column()
                                + "' value '" + code.value() + "' (code " + code.code() + " here, "
                                + (at >= 0 ? "code " + at : "code " + code.code() + " taken by '"
                                        + values.get(code.code()) + "'") + " in the dictionary)");
                    } else {
                        toInsert.add(code);
                    }
                }
                if (!conflicts.isEmpty()) {
                    connection.rollback();
                    throw new ExtractionException(FailureKind.DICTIONARY_CONFLICT, "the category dictionary of model '"
                            + model + "' changed while this run extracted (another run of the model added codes): "
                            + String.join(", ", conflicts.subList(0, Math.min(5, conflicts.size())))
                            + (conflicts.size() > 5 ? " and " + (conflicts.size() - 5) + " more" : "")
                            + "; nothing was stored, run the model again");
                }
                insert(connection, model, runId, toInsert);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the category dictionary of " + model + ": "
                    + e.getMessage(), e);
        }
    }

    private void insert(Connection connection, String model, String runId, List<Code> codes) throws SQLException {
        Timestamp now = Timestamp.from(clock.instant());
        UUID run = UUID.fromString(runId);
        try (PreparedStatement insert = connection.prepareStatement("insert into category_code (model, kind,"
                + " column_name, value, code, first_run_id, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            for (Code code : codes) {
                insert.setString(1, model);
                insert.setString(2, code.kind().name());
                insert.setString(3, code.column());
                insert.setString(4, code.value());
                insert.setInt(5, code.code());
                insert.setObject(6, run);
                insert.setTimestamp(7, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Stored read(Connection connection, String model) throws SQLException {
        Map<Kind, Map<String, List<String>>> values = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, model);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Kind kind = Kind.valueOf(rs.getString(1));
                    List<String> column = values.computeIfAbsent(kind, k -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), c -> new ArrayList<>());
                    int code = rs.getInt(4);
                    if (code != column.size()) { // codes are given 0, 1, 2, ...: a gap is a broken dictionary
                        throw new ExtractionException(FailureKind.DICTIONARY_CONFLICT, "the category dictionary of"
                                + " model '" + model + "' has no code " + column.size() + " for "
                                + kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + rs.getString(2)
                                + "' (next stored code is " + code + ")");
                    }
                    column.add(Objects.requireNonNull(rs.getString(3)));
                }
            }
        }
        return new Stored(values);
    }
}
