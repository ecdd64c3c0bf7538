package dev.treeline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code treeline warehouse}: the local run's warehouse database (a PostgreSQL database named warehouse). */
@Command(name = "warehouse", mixinStandardHelpOptions = true,
        description = "The local run's warehouse (PostgreSQL database 'warehouse'): load your own data.",
        subcommands = WarehouseCommand.Load.class)
final class WarehouseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Command(name = "load", mixinStandardHelpOptions = true, description = {
            "Load a CSV file (first line: column names) into a new warehouse table, for a model to read.",
            "Column types are inferred from the values: bigint, double precision, boolean, date, timestamp, else"
                    + " text; empty values are NULL. Refuses to overwrite a table unless --replace.",
            "For the local run (./run-local.sh): it connects to the warehouse database directly, not through a"
                    + " service."})
    static final class Load implements Callable<Integer> {
        static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:15432/warehouse";

        @Parameters(index = "0", paramLabel = "FILE.csv", description = "The CSV file")
        Path file;
        @Option(names = "--table", required = true,
                description = "Table to create: name or schema.name (lower-case letters, digits, '_')")
        String table;
        @Option(names = "--replace", description = "Drop the table first if it exists")
        boolean replace;
        @Option(names = "--delimiter", defaultValue = ",", description = "Value separator (default '${DEFAULT-VALUE}')")
        char delimiter;
        @Option(names = "--jdbc-url", defaultValue = "${env:TREELINE_WAREHOUSE_JDBC_URL:-" + DEFAULT_JDBC_URL + "}",
                description = "The warehouse database (env TREELINE_WAREHOUSE_JDBC_URL, default ${DEFAULT-VALUE}: the"
                        + " local run's)")
        String jdbcUrl;
        @Option(names = "--db-user", defaultValue = "${env:TREELINE_WAREHOUSE_USER:-postgres}",
                description = "Database user (env TREELINE_WAREHOUSE_USER, default ${DEFAULT-VALUE})")
        String user;
        @Option(names = "--db-password", defaultValue = "${env:TREELINE_WAREHOUSE_PASSWORD:-}", arity = "1",
                description = "Its password (env TREELINE_WAREHOUSE_PASSWORD; the local run needs none)")
        String password;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            TableName name = TableName.parse(table);
            if (!Files.isRegularFile(file)) {
                throw new CliException(CliException.BAD_REQUEST, file + " is not a file");
            }
            CsvTable csv;
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                csv = CsvTable.infer(in, delimiter);
            }
            PrintWriter out = spec.commandLine().getOut();
            long loaded;
            try (Connection connection = connect()) {
                connection.setAutoCommit(false);
                try {
                    loaded = load(connection, name, csv);
                    connection.commit();
                } catch (SQLException | IOException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new CliException(e.getSQLState() != null && e.getSQLState().startsWith("08")
                        ? CliException.UNREACHABLE : CliException.BAD_REQUEST, "warehouse " + jdbcUrl + ": "
                        + e.getMessage() + (e.getSQLState() != null && e.getSQLState().startsWith("08")
                        ? " (is the local run up? ./run-local.sh)" : ""));
            }
            out.println("loaded " + loaded + " rows into " + name + " (" + csv.columns().stream()
                    .map(c -> c.name() + " " + c.type().sql).collect(Collectors.joining(", ")) + ")");
            csv.columns().stream().filter(c -> !c.name().equals(c.header().strip())).forEach(c -> out.println(
                    "  column '" + c.header() + "' is named " + c.name()));
            out.println("Query it from a model definition, e.g. data.query: select " + csv.columns().stream()
                    .map(CsvTable.Column::name).collect(Collectors.joining(", ")) + " from " + name
                    + " where <date column> between :dateStart and :dateEnd");
            out.flush();
            return 0;
        }

        private Connection connect() throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (password != null && !password.isEmpty()) {
                props.setProperty("password", password);
            }
            // The driver directly: DriverManager may not see it when embedded in another class loader.
            Connection connection = new org.postgresql.Driver().connect(jdbcUrl, props);
            if (connection == null) {
                throw new CliException(CliException.BAD_REQUEST, "--jdbc-url " + jdbcUrl
                        + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
            }
            return connection;
        }

        private long load(Connection connection, TableName name, CsvTable csv) throws SQLException, IOException {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement(
                    "select 1 from information_schema.tables where table_schema = ? and table_name = ?")) {
                query.setString(1, name.schema() == null ? currentSchema(connection) : name.schema());
                query.setString(2, name.table());
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (exists && !replace) {
                throw new CliException(CliException.CONFLICT, "table " + name + " exists; --replace drops and loads it"
                        + " again");
            }
            try (Statement ddl = connection.createStatement()) {
                if (name.schema() != null) {
                    ddl.execute("create schema if not exists " + TableName.quote(name.schema()));
                }
                if (exists) {
                    ddl.execute("drop table " + name.sql());
                }
                ddl.execute("create table " + name.sql() + " (" + csv.columns().stream()
                        .map(c -> TableName.quote(c.name()) + " " + c.type().sql).collect(Collectors.joining(", "))
                        + ")");
            }
            List<String> columns = csv.columns().stream().map(c -> TableName.quote(c.name())).toList();
            String copy = "copy " + name.sql() + " (" + String.join(", ", columns) + ") from stdin (format csv, header"
                    + " true, delimiter " + literal(delimiter) + ", force_null (" + String.join(", ", columns) + "))";
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in);
            }
        }

        private static String currentSchema(Connection connection) throws SQLException {
            try (Statement query = connection.createStatement();
                 ResultSet rs = query.executeQuery("select current_schema()")) {
                rs.next();
                return rs.getString(1);
            }
        }

        /** The delimiter as an SQL string literal; one character, never a quote or backslash. */
        private static String literal(char delimiter) {
            if (delimiter == '\'' || delimiter == '"' || delimiter == '\\' || delimiter == '\n' || delimiter == '\r') {
                throw new CliException(CliException.BAD_REQUEST, "--delimiter cannot be a quote, backslash or line"
                        + " break");
            }
            return "'" + delimiter + "'";
        }
    }

    /** A validated table name: {@code table} or {@code schema.table}, each a plain lower-case identifier. */
    record TableName(String schema, String table) {

        static TableName parse(String text) {
            String[] parts = text.strip().split("\\.", -1);
            if (parts.length > 2) {
                throw invalid(text);
            }
            for (String part : parts) {
                if (!CsvTable.IDENTIFIER.matcher(part).matches()) {
                    throw invalid(text);
                }
            }
            return parts.length == 2 ? new TableName(parts[0], parts[1]) : new TableName(null, parts[0]);
        }

        private static CliException invalid(String text) {
            return new CliException(CliException.BAD_REQUEST, "--table '" + text + "': give name or schema.name, each"
                    + " 1-63 lower-case letters, digits or '_', starting with a letter or '_'");
        }

        /** Quoted identifiers (already validated: the quotes only guard reserved words). */
        String sql() {
            return schema == null ? quote(table) : quote(schema) + "." + quote(table);
        }

        static String quote(String identifier) {
            if (!CsvTable.IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("not a plain identifier: " + identifier);
            }
            return "\"" + identifier + "\"";
        }

        @Override
        public String toString() {
            return schema == null ? table : schema + "." + table;
        }
    }
}
