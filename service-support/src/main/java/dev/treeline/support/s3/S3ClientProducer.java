package dev.treeline.support.s3;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import software.amazon.awssdk.services.s3.S3Client;

@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3Client(S3Config config,
                      @ConfigProperty(name = "treeline.tls.trust-ca") Optional<Path> trustCa) {
        return S3Clients.create(config, trustCa);
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
