package dev.treeline.support.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where an S3-compatible store is and how to sign for it; each deployer account may have its own. */
public interface S3Connection {

    /** Empty means AWS's own endpoint for the region. */
    Optional<URI> endpoint();

    String region();

    /** Empty means the SDK's default credential chain (environment, profile, instance role). */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    /** S3Proxy, MinIO and most self-hosted stores need path-style addressing. */
    boolean pathStyleAccess();

    /**
     * A PEM file of CA certificates to trust, and only those, for a store whose certificate a private CA signed;
     * empty means the JDK's default trust.
     */
    default Optional<Path> trustCa() {
        return Optional.empty();
    }
}
