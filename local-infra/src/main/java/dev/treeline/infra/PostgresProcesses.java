package dev.treeline.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The postmaster writes its pid into the data directory; both PostgreSQL variants use that. */
final class PostgresProcesses {

    private PostgresProcesses() {
    }

    /** A postmaster left running on this data directory (launcher killed hard) is stopped first. */
    static void stopLeftover(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim());
        } catch (RuntimeException unreadable) {
            return;
        }
        ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(h -> ManagedProcess.stop(h, Duration.ofSeconds(20)));
    }

    static void recordPid(Path dataDir, Path pidFile) throws IOException {
        Path postmasterPid = dataDir.resolve("postmaster.pid");
        if (!Files.exists(postmasterPid)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(postmasterPid, StandardCharsets.UTF_8).get(0).trim());
        Files.createDirectories(pidFile.getParent());
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                StaleProcessReaper.record(pidFile, h);
            } catch (IOException ignored) {
                // only used for reaping after a hard kill
            }
        });
    }

    static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                    .get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
