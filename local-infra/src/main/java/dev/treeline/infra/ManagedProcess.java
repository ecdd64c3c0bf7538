package dev.treeline.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server running as a child process: output goes to a log file, its pid to a pid file so a later
 * start can reap it if this JVM died without running its shutdown hooks.
 */
public final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile, Path pidFile)
            throws IOException {
        return start(name, command, workDir, logFile, pidFile, java.util.Map.of());
    }

    public static ManagedProcess start(String name, List<String> command, Path workDir, Path logFile, Path pidFile,
            java.util.Map<String, String> environment) throws IOException {
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        StaleProcessReaper.record(pidFile, process.toHandle());
        return new ManagedProcess(name, process, logFile, pidFile);
    }

    /** Runs a short command (e.g. a format tool) to completion and fails with its output if it fails. */
    static void runToCompletion(String name, List<String> command, Path workDir, Path logFile, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException(name + " did not finish within " + timeout + "; see " + logFile);
        }
        if (p.exitValue() != 0) {
            throw new IOException(name + " failed with exit code " + p.exitValue() + ":\n" + tail(logFile, 30));
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until the port accepts connections; fails at once if the process exits first. */
    void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with code " + process.exitValue() + " before listening on port "
                        + port + ":\n" + tail(logFile, 40));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException(name + " did not listen on port " + port + " within " + timeout + ":\n" + tail(logFile, 40));
    }

    public void ensureAlive() throws IOException {
        if (!process.isAlive()) {
            throw new IOException(name + " exited with code " + process.exitValue() + ":\n" + tail(logFile, 40));
        }
    }

    /** SIGTERM for a clean shutdown, then SIGKILL; children of the process go too. */
    @Override
    public void close() {
        stop(process.toHandle(), Duration.ofSeconds(20));
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a leftover pid file is checked against the command line before anything is killed
        }
    }

    public static void stop(ProcessHandle handle, Duration grace) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more we can do from Java
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }
}
