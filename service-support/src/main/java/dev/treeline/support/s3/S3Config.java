package dev.treeline.support.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own object store: {@code treeline.s3.*}. */
@ConfigMapping(prefix = "treeline.s3")
public interface S3Config extends S3Connection {

    @Override
    Optional<URI> endpoint();

    @Override
    @WithDefault("us-east-1")
    String region();

    @Override
    Optional<String> accessKeyId();

    @Override
    Optional<String> secretAccessKey();

    @Override
    @WithDefault("false")
    boolean pathStyleAccess();

    /** {@code treeline.s3.trust-ca}: a PEM file of CA certificates (else {@code treeline.tls.trust-ca}, else the JDK's). */
    @Override
    Optional<Path> trustCa();

    /** The bucket this service writes to (datasets, artifacts or the account's models). */
    String bucket();

    /** Create the bucket at start if it is missing: for local runs and tests, not for managed S3. */
    @WithDefault("false")
    boolean createBucket();
}
