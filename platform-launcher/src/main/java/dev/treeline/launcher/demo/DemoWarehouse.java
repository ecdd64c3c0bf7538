package dev.treeline.launcher.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Fills the demo warehouse: one table per {@link DemoModel}, rows spread evenly over days from
 * {@link #FIRST_DAY}. Generation is deterministic: day {@code d} of a table always gets the same rows,
 * whatever was loaded before, so "more days" appends exactly what a longer first load would have held.
 */
public final class DemoWarehouse {

    public static final LocalDate FIRST_DAY = LocalDate.of(2023, 1, 1);
    /** Days of the base period the drift is scaled over; appended days keep drifting beyond it. */
    public static final int BASE_DAYS = 900;

    private final String jdbcUrl;
    private final String user;
    private final String password;

    public DemoWarehouse(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Makes sure every demo table holds its first {@code days} days at {@code rowsPerDay} rows a day;
     * days already loaded are kept (a second start reuses the data). Returns rows per table now.
     */
    public Map<DemoModel, Long> ensureLoaded(int days, int rowsPerDay) throws SQLException, IOException {
        Map<DemoModel, Long> rows = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create schema if not exists demo");
            }
            for (DemoModel model : DemoModel.values()) {
                createTable(connection, model);
                int loaded = daysLoaded(connection, model);
                if (loaded < days) {
                    copyDays(connection, model, loaded, days, rowsPerDay);
                }
                rows.put(model, count(connection, model));
            }
        }
        return rows;
    }

    /** The last day with rows in {@code model}'s table, or null when it is empty. */
    public LocalDate lastDay(DemoModel model) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            int loaded = daysLoaded(connection, model);
            return loaded == 0 ? null : FIRST_DAY.plusDays(loaded - 1);
        }
    }

    private static void createTable(Connection connection, DemoModel model) throws SQLException {
        String columns = new ArrayList<>(List.of(model.label())) {{
            addAll(model.features());
        }}.stream().map(c -> c + (model.textColumns().containsKey(c) ? " text" : " double precision") + " not null")
                .collect(Collectors.joining(", "));
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("create table if not exists " + model.table() + " (id bigint primary key, "
                    + model.dateColumn() + " date not null, " + columns + ")");
        }
    }

    private static int daysLoaded(Connection connection, DemoModel model) throws SQLException {
        try (Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("select max(" + model.dateColumn() + ") from " + model.table())) {
            rs.next();
            java.sql.Date last = rs.getDate(1);
            return last == null ? 0 : (int) (last.toLocalDate().toEpochDay() - FIRST_DAY.toEpochDay() + 1);
        }
    }

    private static long count(Connection connection, DemoModel model) throws SQLException {
        try (Statement query = connection.createStatement();
             ResultSet rs = query.executeQuery("select count(*) from " + model.table())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Streams days [from, to) through COPY, one day at a time so memory stays small. */
    private static void copyDays(Connection connection, DemoModel model, int from, int to, int rowsPerDay)
            throws SQLException, IOException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        String sql = "copy " + model.table() + " from stdin (format csv)";
        for (int day = from; day < to; day++) {
            copy.copyIn(sql, dayRows(model, day, rowsPerDay));
        }
    }

    static Reader dayRows(DemoModel model, int day, int rowsPerDay) {
        SplittableRandom random = new SplittableRandom(model.seed() * 1_000_003L + day);
        double t = (double) day / BASE_DAYS;
        LocalDate date = FIRST_DAY.plusDays(day);
        StringBuilder csv = new StringBuilder(rowsPerDay * 96);
        for (int i = 0; i < rowsPerDay; i++) {
            csv.append((long) day * 1_000_000L + i).append(',').append(date);
            double[] row = model.row(random, t);
            for (int c = 0; c < row.length; c++) {
                csv.append(',').append(model.cell(c == 0 ? model.label() : model.features().get(c - 1), row[c]));
            }
            csv.append('\n');
        }
        return new StringReader(csv.toString());
    }
}
