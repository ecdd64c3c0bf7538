package dev.treeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** HTTPS service URLs: a service whose certificate a private CA signed is trusted once that CA is configured. */
class CaCertificateTest {

    @TempDir
    static Path dir;
    HttpsServer server;
    Path caPem;

    @BeforeEach
    void start() throws Exception {
        // A self-signed certificate for 127.0.0.1 is its own CA: what --ca-cert names.
        Path keystore = dir.resolve("server.p12");
        if (!Files.exists(keystore)) {
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=treeline-test", "-ext", "san=ip:127.0.0.1", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(), "-storepass",
                    "changeit", "-file", dir.resolve("ca.pem").toString());
        }
        caPem = dir.resolve("ca.pem");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] bytes = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private String[] runs(String... extra) throws Exception {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        Path tokenFile = dir.resolve("token.json");
        new TokenCache(tokenFile).write(new TokenCache.CachedToken(url, "alice", List.of("viewer"), "t",
                Instant.now().plus(Duration.ofMinutes(4))));
        List<String> args = new java.util.ArrayList<>(List.of("runs", "--data-prep-url", url, "--registry-url", url,
                "--token-file", tokenFile.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cli = TreelineCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void aServiceSignedByAnUnknownCaIsRefusedWithAHintAndTrustedOnceItsCaIsConfigured() throws Exception {
        StringWriter refused = new StringWriter();
        assertThat(run(refused, runs())).isEqualTo(CliException.UNREACHABLE);
        assertThat(refused.toString()).contains("TLS").contains("--ca-cert");

        StringWriter trusted = new StringWriter();
        assertThat(run(trusted, runs("--ca-cert", caPem.toString()))).as(trusted.toString()).isZero();
    }

    @Test
    void aCaFileThatIsNoCertificateIsAnInvalidRequest() throws Exception {
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello");
        StringWriter err = new StringWriter();
        assertThat(run(err, runs("--ca-cert", notPem.toString()))).isEqualTo(CliException.BAD_REQUEST);
        assertThat(err.toString()).contains("--ca-cert");
    }
}
