package dev.treeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL from the binaries zonky publishes on Maven Central. */
final class EmbeddedPostgresServer extends PostgresServer {

    private final EmbeddedPostgres postgres;
    private final Path data;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path data) {
        this.postgres = postgres;
        this.data = data;
    }

    static EmbeddedPostgresServer start(Path dir, int port, boolean durable, Duration timeout) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        PostgresProcesses.stopLeftover(data);
        Path log = dir.resolve("postgres.log");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(timeout)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setServerConfig("listen_addresses", "127.0.0.1");
        serverConfig(durable).forEach(builder::setServerConfig);
        String workDir = System.getProperty("ot.epg.working-dir");
        if (workDir != null) {
            builder.setOverrideWorkingDirectory(Path.of(workDir).toFile());
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start(), data);
        PostgresProcesses.recordPid(data, dir.resolveSibling("pids").resolve("postgres.pid"));
        return server;
    }

    @Override
    int port() {
        return postgres.getPort();
    }

    @Override
    String kind() {
        return "embedded PostgreSQL (zonky binaries)";
    }

    @Override
    long pid() {
        // zonky's process handle is pg_ctl, which exits once the server is up; the postmaster is what runs.
        return PostgresProcesses.postmasterPid(data);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
