package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The registry's whole access-key table, published by the registry whenever a key or its owner's roles change,
 * at start-up and periodically. A snapshot rather than a delta, so a consumer that starts late (a new account's
 * deployer) needs only the newest event, and the topic can be compacted: every event has the same subject and
 * so the same Kafka key. Consumers keep the snapshot with the highest {@code revision} and ignore older ones.
 *
 * <p>Secrets never travel in clear: {@link Entry#secretCiphertext()} is AES-256-GCM under the key-encryption key
 * the registry and every consumer share ({@code treeline.access-keys.encryption-key}; service-support's
 * {@code AccessKeySecrets}).
 *
 * @param revision    the table's revision: grows with every change, repeated by a periodic re-publication
 * @param publishedAt when the registry built this snapshot
 * @param keys        every key, active and revoked (a revoked key is refused and reported as revoked)
 */
public record AccessKeysChanged(
        @Min(1) long revision,
        @NotNull Instant publishedAt,
        @NotNull List<@NotNull @Valid Entry> keys) implements EventPayload {

    /** The envelope subject (and so the Kafka key) of every access-key event. */
    public static final String SUBJECT = "access-keys";

    public AccessKeysChanged {
        keys = keys == null ? null : List.copyOf(keys);
    }

    @Override
    public String modelGroup() {
        return SUBJECT;
    }

    public enum Status { ACTIVE, REVOKED }

    /**
     * One access key.
     *
     * @param accessKeyId      the public id, as in {@code Credential=<id>/...}
     * @param owner            the user (person or service identity) the key belongs to
     * @param status           revoked keys stay listed so callers are told the key was revoked
     * @param roles            the owner's effective roles when the snapshot was built (invocation needs
     *                         {@code invoker} or a role that implies it)
     * @param secretCiphertext base64 of nonce + AES-256-GCM ciphertext of the secret, the key id as associated data
     * @param createdAt        when the key was created
     * @param revokedAt        when it was revoked; null while active
     */
    public record Entry(
            @NotNull @Pattern(regexp = "[A-Z0-9]{16,128}") String accessKeyId,
            @NotBlank String owner,
            @NotNull Status status,
            @NotNull Set<@NotBlank String> roles,
            @NotBlank String secretCiphertext,
            @NotNull Instant createdAt,
            Instant revokedAt) {

        public Entry {
            roles = roles == null ? null : Set.copyOf(roles);
        }

        @Override
        public String toString() {
            return "Entry[accessKeyId=" + accessKeyId + ", owner=" + owner + ", status=" + status + ", roles=" + roles
                    + ", secretCiphertext=****, createdAt=" + createdAt + ", revokedAt=" + revokedAt + "]";
        }
    }
}
