package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The fallback for machines where the embedded binaries cannot run. Runs where Debian's
 * {@code postgresql} package is installed (.ci/run installs it).
 */
class SystemPostgresServerTest {

    @Test
    void debianServerStartsInOurOwnFolderServesSqlAndStops() throws Exception {
        assumeTrue(SystemPostgresServer.findBinaries().isPresent(), "Debian's postgresql package is not installed");
        Path dir = Files.createTempDirectory("treeline-system-pg-").resolve("postgres");
        Files.createDirectories(dir);
        int port = Ports.free();
        long pid;
        try (SystemPostgresServer server = SystemPostgresServer.start(dir, port, false, Duration.ofSeconds(60))) {
            server.createDatabaseIfMissing("fallback_test");
            server.createDatabaseIfMissing("fallback_test"); // exists: nothing happens
            try (Connection c = DriverManager.getConnection(server.jdbcUrl("fallback_test"), "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery("select current_database(), 6 * 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("fallback_test");
                assertThat(rs.getInt(2)).isEqualTo(42);
            }
            assertThat(server.kind()).startsWith("Debian PostgreSQL server");
            pid = server.pid();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        }
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(t -> h).join());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
}
