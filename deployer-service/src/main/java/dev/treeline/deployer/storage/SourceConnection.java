package dev.treeline.deployer.storage;

import java.net.URI;
import java.util.Optional;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.support.s3.S3Config;
import dev.treeline.support.s3.S3Connection;

/** The training bucket's store: {@code treeline.deployer.source.*}, each unset key taken from {@code treeline.s3.*}. */
record SourceConnection(Optional<URI> endpoint, String region, Optional<String> accessKeyId,
        Optional<String> secretAccessKey, boolean pathStyleAccess) implements S3Connection {

    static SourceConnection of(DeployerConfig.Source source, S3Config account) {
        boolean ownCredentials = source.accessKeyId().isPresent();
        return new SourceConnection(
                source.endpoint().or(account::endpoint),
                source.region().orElse(account.region()),
                ownCredentials ? source.accessKeyId() : account.accessKeyId(),
                ownCredentials ? source.secretAccessKey() : account.secretAccessKey(),
                source.pathStyleAccess().orElse(account.pathStyleAccess()));
    }
}
