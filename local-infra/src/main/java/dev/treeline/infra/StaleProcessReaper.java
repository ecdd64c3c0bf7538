package dev.treeline.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Ctrl-C runs shutdown hooks, but a SIGKILLed launcher cannot stop its children. Every child's pid and
 * start instant are recorded; the next start stops the ones still alive, and only when both the pid and
 * its start instant match, so a recycled pid is never killed.
 */
public final class StaleProcessReaper {

    private StaleProcessReaper() {
    }

    static void record(Path pidFile, ProcessHandle handle) throws IOException {
        String started = handle.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("0");
        Files.writeString(pidFile, handle.pid() + " " + started + "\n", StandardCharsets.UTF_8);
    }

    /** Stops processes left by an earlier run whose pid files are in {@code pidDir}; returns how many. */
    public static int reap(Path pidDir) throws IOException {
        if (!Files.isDirectory(pidDir)) {
            return 0;
        }
        int reaped = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir, "*.pid")) {
            for (Path file : files) {
                Optional<ProcessHandle> alive = liveProcess(file);
                if (alive.isPresent()) {
                    ManagedProcess.stop(alive.get(), Duration.ofSeconds(15));
                    reaped++;
                }
                Files.deleteIfExists(file);
            }
        }
        return reaped;
    }

    static Optional<ProcessHandle> liveProcess(Path pidFile) {
        try {
            String[] parts = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split("\\s+");
            long pid = Long.parseLong(parts[0]);
            long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(i -> i.toEpochMilli() == started).orElse(false));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
