package dev.treeline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.treeline.infra.ServerClasspath;

/**
 * The README's run command as a person uses it: everything comes up healthy on the management ports, the demo
 * invoker's key is printed and saved for the CLI, and Ctrl-C (SIGINT) leaves no process behind.
 */
class LocalPlatformTest {

    private static final Pattern READY = Pattern.compile(
            "^\\s+(\\S+)\\s+ready\\s+(http://\\S+)\\s+management\\s+(http://\\S+)$");
    private static final Pattern EXPORT = Pattern.compile(
            "^\\s*export AWS_ACCESS_KEY_ID=(TLAK[A-Z2-7]{16}) AWS_SECRET_ACCESS_KEY=(\\S{40})$");

    @Test
    void runCommandBringsEveryServiceUpAndCtrlCLeavesNoProcessBehind(@TempDir Path dataDir) throws Exception {
        Path root = repositoryRoot();
        Process launcher = new ProcessBuilder(ServerClasspath.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), LocalPlatform.class.getName(), "--free-ports", "--no-demo", "--data-dir",
                dataDir.toString(), "--root", root.toString()).redirectErrorStream(true).start();
        Map<String, String> services = new TreeMap<>();
        Map<String, String> management = new TreeMap<>();
        String exportedKeyId = null;
        List<String> output = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            boolean up = false;
            while (!up && (line = out.readLine()) != null) {
                output.add(line);
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    services.put(m.group(1), m.group(2));
                    management.put(m.group(1), m.group(3));
                }
                Matcher export = EXPORT.matcher(line);
                if (export.matches()) {
                    exportedKeyId = export.group(1);
                }
                up = line.startsWith(LocalPlatform.READY_LINE);
            }
            assertThat(up).as("launcher output:%n%s", String.join("\n", output)).isTrue();
            assertThat(services).containsOnlyKeys("data-prep-service", "tuning-service", "registry-service",
                    "deployer-sandbox", "deployer-qa", "deployer-prod");
            HttpClient http = HttpClient.newHttpClient();
            for (var service : management.entrySet()) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(service.getValue()
                        + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(service.getKey()).isEqualTo(200);
                assertThat(ready.body()).as(service.getKey()).contains("\"status\": \"UP\"");
                assertThat(service.getValue()).as("management apart from the API").isNotEqualTo(
                        services.get(service.getKey()));
            }
            assertThat(exportedKeyId).as("the demo invoker's key printed; output:%n%s", String.join("\n", output))
                    .isNotNull();
            Path credentials = dataDir.resolve(DemoIdentities.CREDENTIALS_FILE);
            assertThat(Files.readString(credentials)).contains("aws_access_key_id = " + exportedKeyId);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    credentials))).isEqualTo("rw-------");
            // The six services plus Kafka, PostgreSQL (and its workers) and S3Proxy run under the launcher or were
            // reparented; collect them by their data directory in the command line.
            List<ProcessHandle> children = processesUsing(dataDir);
            assertThat(children.size()).isGreaterThanOrEqualTo(3);
            List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
            all.addAll(children);

            new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();
            assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as("launcher stops after Ctrl-C").isTrue();
            // drain the rest of the output for the assertion message
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
            for (ProcessHandle p : all) {
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
            }
            assertThat(all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                    .as("processes left after Ctrl-C; output:%n%s", String.join("\n", output)).isEmpty();
            assertThat(processesUsing(dataDir)).isEmpty();
            assertThat(output).contains("Stopped; data kept in " + dataDir.toAbsolutePath().normalize());
        } finally {
            launcher.destroyForcibly();
        }
    }

    private static List<ProcessHandle> processesUsing(Path dataDir) {
        String marker = dataDir.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("platform-launcher"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the repository");
        }
        return dir;
    }
}
