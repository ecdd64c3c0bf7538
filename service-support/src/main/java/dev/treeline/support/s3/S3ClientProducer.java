package dev.treeline.support.s3;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.s3.S3Client;

@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @Singleton
    S3Client s3Client(S3Config config) {
        return S3Clients.create(config);
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
