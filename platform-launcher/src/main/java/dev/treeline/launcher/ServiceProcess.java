package dev.treeline.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.treeline.infra.ManagedProcess;
import dev.treeline.infra.ServerClasspath;

/** One Quarkus service running from its packaged fast-jar, as its own process. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec spec;
    private final ManagedProcess process;

    private ServiceProcess(ServiceSpec spec, ManagedProcess process) {
        this.spec = spec;
        this.process = process;
    }

    static ServiceProcess start(ServiceSpec spec, Path root, Path dataDir, Map<String, String> environment)
            throws IOException {
        Path jar = spec.runJar(root);
        List<String> command = new ArrayList<>(List.of(ServerClasspath.javaExecutable(), "-Xmx512m",
                "-XX:+UseSerialGC", "-jar", jar.toString()));
        Path logs = dataDir.resolve("logs");
        ManagedProcess process = ManagedProcess.start(spec.name(), command, root, logs.resolve(spec.name() + ".log"),
                dataDir.resolve("service-pids").resolve(spec.name() + ".pid"), environment);
        return new ServiceProcess(spec, process);
    }

    ServiceSpec spec() {
        return spec;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Ready means /q/health/ready on the management port answers 200: Kafka, the database and the bucket all
     * reachable.
     */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            process.ensureAlive();
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                last = notListeningYet.toString();
            }
            Thread.sleep(250);
        }
        throw new IOException(spec.name() + " was not ready within " + timeout + " (last answer: " + last + "); log:\n"
                + ManagedProcess.tail(process.logFile(), 40));
    }

    @Override
    public void close() {
        process.close();
    }
}
