package dev.treeline.support.security.sigv4;

import java.util.Objects;
import java.util.Optional;

/**
 * Finds the secret of an access key id. Implementations read a local copy of the key table (events or polling),
 * never a remote service per request: this is called on every verification.
 */
@FunctionalInterface
public interface AccessKeyLookup {

    /** The key, active or revoked, or empty if the id was never issued (or is no longer known). */
    Optional<AccessKey> find(String accessKeyId);

    enum Status { ACTIVE, REVOKED }

    /**
     * An access key. {@link #toString()} never shows the secret.
     *
     * @param accessKeyId the public id (as in {@code Credential=AKID/...})
     * @param secret      the secret access key
     * @param owner       the user (person or service identity) the key belongs to
     * @param status      revoked keys are refused, as unknown ones, but reported as such to the caller
     */
    record AccessKey(String accessKeyId, String secret, String owner, Status status) {
        public AccessKey {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(status, "status");
        }

        public static AccessKey active(String accessKeyId, String secret, String owner) {
            return new AccessKey(accessKeyId, secret, owner, Status.ACTIVE);
        }

        @Override
        public String toString() {
            return "AccessKey[accessKeyId=" + accessKeyId + ", secret=****, owner=" + owner + ", status=" + status
                    + "]";
        }
    }
}
