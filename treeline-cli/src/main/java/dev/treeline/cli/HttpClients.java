package dev.treeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The CLI's HTTP client: the JVM's trust store, or only the CA certificates of {@code --ca-cert}. */
final class HttpClients {

    private static final ConcurrentMap<String, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {
    }

    static HttpClient forCa(Path caCert) {
        String key = caCert == null ? "" : caCert.toAbsolutePath().toString();
        return CLIENTS.computeIfAbsent(key, k -> build(caCert));
    }

    private static HttpClient build(Path caCert) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caCert != null) {
            builder.sslContext(trusting(caCert));
        }
        return builder.build();
    }

    /** An SSL context that trusts exactly the certificates in a PEM (or DER) file. */
    static SSLContext trusting(Path caCert) {
        if (!Files.isReadable(caCert)) {
            throw new CliException(CliException.BAD_REQUEST, "--ca-cert " + caCert + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(caCert)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliException(CliException.BAD_REQUEST, "--ca-cert " + caCert + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException(CliException.BAD_REQUEST, "--ca-cert " + caCert + " is not a PEM certificate file: "
                    + e.getMessage());
        }
    }
}
