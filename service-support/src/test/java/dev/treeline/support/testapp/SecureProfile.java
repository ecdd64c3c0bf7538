package dev.treeline.support.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;

/**
 * The test application served over HTTPS only, from a self-signed PEM certificate and key made for the run, with
 * settings from a secrets directory: what a service does with the README's TLS and secret-file settings.
 */
public class SecureProfile implements QuarkusTestProfile {

    /** Written by {@link Certificates#start()}; read by the test. */
    public static volatile Path trustFile;
    public static final String FILE_SECRET = "read-from-a-file";

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Certificates.class));
    }

    public static class Certificates implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("treeline-tls-test");
                PemCertificateFiles pem = (PemCertificateFiles) new CertificateGenerator(dir, false)
                        .generate(new CertificateRequest().withName("treeline-test").withCN("localhost")
                                .withSubjectAlternativeName("IP:127.0.0.1").withFormat(Format.PEM)).get(0);
                trustFile = pem.trustFile();
                Path secrets = Files.createDirectory(dir.resolve("secrets"));
                Files.writeString(secrets.resolve("treeline.test.file-secret"), FILE_SECRET + "\n");
                Files.writeString(secrets.resolve("TREELINE_TEST_OVERRIDDEN"), "the file wins\n");
                return Map.of(
                        "quarkus.tls.key-store.pem.0.cert", pem.certFile().toString(),
                        "quarkus.tls.key-store.pem.0.key", pem.keyFile().toString(),
                        "quarkus.http.insecure-requests", "disabled",
                        "quarkus.http.test-ssl-port", "0",
                        "treeline.secrets.dir", secrets.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            // the temporary directory goes with the machine's /tmp clean-up; it holds a test certificate only
        }
    }
}
