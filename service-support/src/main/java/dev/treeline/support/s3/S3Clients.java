package dev.treeline.support.s3;

import java.nio.file.Path;
import java.util.Optional;

import javax.net.ssl.TrustManager;

import dev.treeline.support.tls.TrustedCa;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds SDK clients from an {@link S3Connection}; used for the service's store and for other accounts' stores. */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(S3Connection connection) {
        return create(connection, Optional.empty());
    }

    /**
     * A client for {@code connection}; its TLS trusts {@code connection.trustCa()}, else {@code defaultTrustCa}
     * (the service-wide {@code treeline.tls.trust-ca}), else the JDK's default CAs.
     */
    public static S3Client create(S3Connection connection, Optional<Path> defaultTrustCa) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder();
        connection.trustCa().or(() -> defaultTrustCa).ifPresent(ca -> {
            TrustManager[] trust = TrustedCa.trustManagers(ca);
            http.tlsTrustManagersProvider(() -> trust);
        });
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http.build())
                .region(Region.of(connection.region()))
                .forcePathStyle(connection.pathStyleAccess())
                // Self-hosted stores differ in their support of trailing checksums; we hash objects ourselves.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        connection.endpoint().ifPresent(builder::endpointOverride);
        if (connection.accessKeyId().isPresent() && connection.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    connection.accessKeyId().get(), connection.secretAccessKey().get())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
