package dev.treeline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real S3-compatible HTTP server (S3Proxy on its filesystem backend) in its own JVM. It speaks AWS
 * Signature V4, multipart and checksums; it has no bucket versioning, so the platform writes immutable
 * keys and keeps SHA-256 hashes itself.
 */
final class S3Server implements AutoCloseable {

    static final String REGION = "us-east-1";

    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final ManagedProcess process;

    private S3Server(int port, String accessKey, String secretKey, ManagedProcess process) {
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.process = process;
    }

    static S3Server start(Path dir, int port, String accessKey, String secretKey, Duration timeout)
            throws IOException, InterruptedException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("s3proxy.properties");
        Files.writeString(config, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + accessKey,
                "jclouds.credential=" + secretKey,
                "jclouds.filesystem.basedir=" + data,
                ""));
        List<String> command = List.of(ServerClasspath.javaExecutable(), "-Xms32m", "-Xmx" + System.getProperty(
                "treeline.infra.s3.heap", "256m"), "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dorg.eclipse.jetty.LEVEL=WARN", "-jar", ServerClasspath.joined("s3proxy"), "--properties",
                config.toString());
        ManagedProcess process = ManagedProcess.start("s3proxy", command, dir, dir.resolve("s3proxy.log"),
                dir.resolveSibling("pids").resolve("s3proxy.pid"));
        S3Server server = new S3Server(port, accessKey, secretKey, process);
        try {
            process.awaitPort(port, timeout);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
