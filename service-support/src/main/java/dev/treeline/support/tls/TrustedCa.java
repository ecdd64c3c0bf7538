package dev.treeline.support.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust for a client that calls a server whose certificate a private CA signed: the CA certificates of one PEM
 * file (one or more {@code -----BEGIN CERTIFICATE-----} blocks), and only those (as {@code curl --cacert}).
 */
public final class TrustedCa {

    private TrustedCa() {
    }

    /** Trust managers that accept exactly the chains ending in a certificate of {@code pemFile}. */
    public static TrustManager[] trustManagers(Path pemFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(pemFile)) {
                store.setCertificateEntry("treeline-ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use the CA certificates in " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** A TLS context trusting {@code pemFile} (for {@code java.net.http.HttpClient} and the like). */
    public static SSLContext sslContext(Path pemFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(pemFile), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path pemFile) throws GeneralSecurityException {
        if (!Files.isReadable(pemFile)) {
            throw new IllegalStateException("the CA file " + pemFile.toAbsolutePath() + " is not readable");
        }
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("the CA file " + pemFile.toAbsolutePath() + " holds no certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
