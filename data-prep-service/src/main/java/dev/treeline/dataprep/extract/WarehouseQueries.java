package dev.treeline.dataprep.extract;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.events.DateWindow;
import dev.treeline.events.definition.DataSection;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * Runs a definition's query on the warehouse the one way data-prep does (extraction and dry run alike): in a READ
 * ONLY transaction that is rolled back, with a statement timeout, the window's dates bound (never spliced), through
 * a cursor. SQL errors become {@link ExtractionException}s with a kind; a broken or refused connection a
 * {@link WarehouseUnreachableException}.
 */
@ApplicationScoped
public class WarehouseQueries {

    /** SQLSTATEs: a write in a read-only transaction; a statement cancelled (here: by statement_timeout). */
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";
    private static final String QUERY_CANCELED = "57014";

    private final AgroalDataSource warehouse;
    private final Duration defaultTimeout;

    public WarehouseQueries(@DataSource("warehouse") AgroalDataSource warehouse, DataPrepConfig config) {
        this.warehouse = warehouse;
        this.defaultTimeout = config.warehouse().statementTimeout();
    }

    /** Reads a result; may throw {@link ExtractionFailure}s of its own, which pass through unchanged. */
    @FunctionalInterface
    public interface ResultReader<T> {
        /** @param postgres the warehouse is PostgreSQL (cells can be read as the bytes the server sent) */
        T read(ResultSet rs, boolean postgres) throws SQLException;
    }

    /**
     * How a query's statement may run: its fetch size and, when positive, the rows read at most.
     */
    public record Reading(int fetchSize, int maxRows) {
    }

    /** The definition's statement timeout, or the service's ({@code treeline.data-prep.warehouse.statement-timeout}). */
    public Duration timeoutFor(DataSection data) {
        return data.statementTimeout() != null ? data.statementTimeout() : defaultTimeout;
    }

    /**
     * @param query   the query with its parameters turned into placeholders ({@link NamedParameters#parse})
     * @param window  the dates bound to {@code :dateStart} / {@code :dateEnd}
     * @param timeout the warehouse cancels the statement after this long
     */
    public <T> T read(NamedParameters query, DateWindow window, Duration timeout, Reading reading,
            ResultReader<T> reader) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false); // PostgreSQL only streams through a cursor inside a transaction
            connection.setReadOnly(true);
            boolean postgres = connection.isWrapperFor(PGConnection.class);
            if (postgres) {
                onlyReading(connection, timeout);
            }
            try (PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(reading.fetchSize());
                if (reading.maxRows() > 0) {
                    statement.setMaxRows(reading.maxRows());
                }
                if (postgres) {
                    // Never a server-side prepared statement: those switch PgJDBC to binary results after a few
                    // executions, and 50 would then read as "50.0", changing the CSV bytes of the same rows.
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                } else {
                    statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                }
                for (int i = 0; i < query.order().size(); i++) {
                    LocalDate day = NamedParameters.DATE_START.equals(query.order().get(i)) ? window.start()
                            : window.end();
                    statement.setDate(i + 1, Date.valueOf(day));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    return reader.read(rs, postgres);
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw failure(e, timeout);
        }
    }

    private static RuntimeException failure(SQLException e, Duration timeout) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) { // connection exception class
            return new WarehouseUnreachableException("the warehouse connection broke during the query: "
                    + e.getMessage(), e);
        }
        if (state.equals(READ_ONLY_SQL_TRANSACTION)) {
            return new ExtractionException(FailureKind.QUERY_WRITES, "the query tried to change the warehouse,"
                    + " which data-prep only reads: it runs in a read-only transaction, so nothing was changed ("
                    + e.getMessage() + ")", e);
        }
        if (state.equals(QUERY_CANCELED)) {
            return new ExtractionException(FailureKind.QUERY_TIMEOUT, "the query ran longer than its statement"
                    + " timeout of " + timeout + " and the warehouse cancelled it (treeline.data-prep.warehouse"
                    + ".statement-timeout, or the definition's data.statement-timeout): " + e.getMessage(), e);
        }
        return new ExtractionException(FailureKind.QUERY_FAILED, "warehouse query failed: " + e.getMessage(), e);
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
}
