package dev.treeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fallback where the embedded binaries cannot run (e.g. user namespaces blocked): Debian's
 * {@code postgresql} package, initialised into our own data directory. PostgreSQL refuses to run as
 * root, so as root the server runs as the {@code postgres} system user.
 */
final class SystemPostgresServer extends PostgresServer {

    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;
    private final Path log;

    private SystemPostgresServer(Path bin, Path data, int port, boolean asPostgresUser, Path log) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.log = log;
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} that has initdb, if the package is installed. */
    static Optional<Path> findBinaries() {
        Path root = Path.of(System.getProperty("treeline.infra.postgres.system-root", "/usr/lib/postgresql"));
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static SystemPostgresServer start(Path dir, int port, boolean durable, Duration timeout)
            throws IOException, InterruptedException {
        Path bin = findBinaries().orElseThrow(() -> new IOException(
                "no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)"));
        Path data = dir.resolve("system-data");
        Files.createDirectories(data);
        PostgresProcesses.stopLeftover(data);
        boolean root = "root".equals(System.getProperty("user.name"));
        Path log = dir.resolve("postgres.log");
        if (root) {
            makeTraversable(dir.getParent());
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, log, timeout);
        }
        SystemPostgresServer server = new SystemPostgresServer(bin, data, port, root, log);
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            server.runAsOwner(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER, "-E", "UTF-8",
                    "-D", data.toString()), timeout);
        }
        StringBuilder options = new StringBuilder("-p " + port + " -h 127.0.0.1 -k " + dir);
        serverConfig(durable).forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
        server.runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-w", "-t", Long.toString(timeout.toSeconds()),
                "-D", data.toString(), "-l", dir.resolve("postgres-server.log").toString(), "-o", options.toString(),
                "start"), timeout.plusSeconds(5));
        PostgresProcesses.recordPid(data, dir.resolveSibling("pids").resolve("postgres.pid"));
        return server;
    }

    /**
     * The server runs as {@code postgres} and must reach its data directory: folders above it that others
     * cannot enter (a 0700 temp folder, say) get the execute bit for others, which lists nothing.
     */
    private static void makeTraversable(Path dir) throws IOException {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            var permissions = java.nio.file.Files.getPosixFilePermissions(d);
            if (!permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                java.nio.file.Files.setPosixFilePermissions(d, permissions);
            }
        }
    }

    private void runAsOwner(List<String> command, Duration timeout) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, data.getParent(), log, timeout);
    }

    private static void run(List<String> command, Path dir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ManagedProcess.runToCompletion(command.get(0), command, dir, log, timeout);
    }

    @Override
    int port() {
        return port;
    }

    @Override
    String kind() {
        return "Debian PostgreSQL server (" + bin.getParent().getFileName() + ")";
    }

    @Override
    long pid() {
        return PostgresProcesses.postmasterPid(data);
    }

    @Override
    public void close() {
        try {
            runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-w", "-D", data.toString(), "-m", "fast", "stop"),
                    Duration.ofSeconds(30));
        } catch (IOException | InterruptedException e) {
            long pid = pid();
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(h -> ManagedProcess.stop(h, Duration.ofSeconds(10)));
            }
        }
    }
}
