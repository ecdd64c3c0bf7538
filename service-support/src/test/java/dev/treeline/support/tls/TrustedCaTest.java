package dev.treeline.support.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Connection;
import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import io.smallrye.certs.PemCertificateFiles;

class TrustedCaTest {

    @TempDir
    Path dir;

    @Test
    void trustsTheConfiguredCaAndNothingElse() throws Exception {
        PemCertificateFiles ours = certificate("ours");
        PemCertificateFiles stranger = certificate("stranger");
        X509TrustManager trust = x509(TrustedCa.trustManagers(ours.trustFile()));

        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {read(ours.certFile())}, "RSA"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {read(stranger.certFile())}, "RSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aMissingOrEmptyCaFileIsAClearError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> TrustedCa.trustManagers(dir.resolve("missing.pem")))
                .hasMessageContaining("missing.pem").hasMessageContaining("not readable");
        assertThatThrownBy(() -> TrustedCa.trustManagers(empty)).hasMessageContaining("empty.pem");
    }

    @Test
    void theS3ClientIsBuiltWithTheConfiguredCa() throws Exception {
        PemCertificateFiles ours = certificate("s3");
        S3Connection connection = new S3Connection() {
            public Optional<URI> endpoint() { return Optional.of(URI.create("https://localhost:9")); }
            public String region() { return "us-east-1"; }
            public Optional<String> accessKeyId() { return Optional.of("id"); }
            public Optional<String> secretAccessKey() { return Optional.of("secret"); }
            public boolean pathStyleAccess() { return true; }
        };

        try (var client = S3Clients.create(connection, Optional.of(ours.trustFile()))) {
            assertThat(client).isNotNull();
        }
        assertThatThrownBy(() -> S3Clients.create(connection, Optional.of(dir.resolve("nope.pem"))))
                .hasMessageContaining("nope.pem");
    }

    private PemCertificateFiles certificate(String name) throws Exception {
        return (PemCertificateFiles) new CertificateGenerator(dir, false).generate(new CertificateRequest()
                .withName(name).withCN("localhost").withFormat(Format.PEM)).get(0);
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new AssertionError("no X509TrustManager");
    }
}
