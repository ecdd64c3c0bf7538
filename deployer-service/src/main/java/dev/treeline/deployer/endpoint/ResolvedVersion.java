package dev.treeline.deployer.endpoint;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The version a model group should serve right now, its expected SHA-256 (lowercase hex) and a way
 * to fetch its bytes. The bytes are a supplier so that resolving is cheap and the fetch happens
 * only when the cache actually needs to load.
 */
public record ResolvedVersion(int version, String sha256, Supplier<byte[]> bytes) {

    public ResolvedVersion {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(bytes, "bytes");
    }
}
