package dev.treeline.infra;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** A running PostgreSQL server reachable with a superuser (on loopback unless it runs elsewhere). */
abstract class PostgresServer implements AutoCloseable {

    static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** Server settings every PostgreSQL we start gets, whatever starts it (embedded, Debian, container). */
    static Map<String, String> serverConfig(boolean durable) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("max_connections", "300");
        if (!durable) {
            config.put("fsync", "off");
            config.put("synchronous_commit", "off");
            config.put("full_page_writes", "off");
        }
        return config;
    }

    abstract int port();

    abstract String kind();

    abstract long pid();

    String host() {
        return "127.0.0.1";
    }

    String superuser() {
        return SUPERUSER;
    }

    /** Empty for the servers started on loopback, which trust local connections. */
    String superuserPassword() {
        return "";
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * The driver directly rather than through DriverManager, which hides drivers registered by another
     * class loader (Quarkus test profiles each have one).
     */
    private Connection superuserConnection() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", superuser());
        props.setProperty("password", superuserPassword());
        return new org.postgresql.Driver().connect(jdbcUrl("postgres"), props);
    }

    /** One database per service: services never share tables. */
    void createDatabaseIfMissing(String database) throws IOException {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' must match " + DATABASE_NAME);
        }
        try (Connection c = superuserConnection()) {
            try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                // Identifiers cannot be bound; the name was validated against a strict pattern above.
                create.execute("create database " + database);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another caller
            }
            throw new IOException("could not create database " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public abstract void close();
}
