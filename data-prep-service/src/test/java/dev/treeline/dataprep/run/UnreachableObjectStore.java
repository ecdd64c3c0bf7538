package dev.treeline.dataprep.run;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.treeline.support.s3.S3Clients;
import dev.treeline.support.s3.S3Connection;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 client whose endpoint is a closed local port: every request fails to connect. */
@Alternative
@Singleton
public class UnreachableObjectStore {

    @Produces
    @Singleton
    @Alternative
    S3Client unreachable() {
        return S3Clients.create(new S3Connection() {
            @Override
            public Optional<URI> endpoint() {
                return Optional.of(URI.create("http://127.0.0.1:9"));
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.of("treeline");
            }

            @Override
            public Optional<String> secretAccessKey() {
                return Optional.of("treeline-secret");
            }

            @Override
            public boolean pathStyleAccess() {
                return true;
            }
        });
    }
}
