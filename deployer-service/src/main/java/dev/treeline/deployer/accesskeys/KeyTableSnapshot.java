package dev.treeline.deployer.accesskeys;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.treeline.events.AccessKeysChanged;
import dev.treeline.support.security.AccessKeySecrets;
import dev.treeline.support.security.Roles;
import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;
import dev.treeline.support.security.sigv4.AccessKeyLookup.Status;

/**
 * One revision of the access-key table, decrypted, as the invocation route reads it: immutable, so requests read
 * it without locks while a newer one replaces it. Everything a request needs is computed here once (the
 * {@code Optional} the verifier gets, whether the owner may invoke), not per request.
 *
 * @param revision the registry's revision (0: no snapshot applied yet, every key unknown)
 * @param keys     by access key id
 */
public record KeyTableSnapshot(long revision, Map<String, Key> keys) {

    public static final KeyTableSnapshot EMPTY = new KeyTableSnapshot(0, Map.of());

    /**
     * A key as served. {@link #toString()} never shows the secret (AccessKey's does not either).
     *
     * @param found   what the SigV4 verifier gets for this id
     * @param roles   the owner's effective roles when the snapshot was built
     * @param invoker whether those roles grant {@code invoker}
     */
    public record Key(Optional<AccessKey> found, Set<String> roles, boolean invoker) {
        public AccessKey accessKey() {
            return found.orElseThrow();
        }
    }

    public KeyTableSnapshot {
        keys = Collections.unmodifiableMap(new HashMap<>(keys));
    }

    /** One stored or published key, its secret still ciphertext. */
    public record Sealed(String accessKeyId, String owner, AccessKeysChanged.Status status, Set<String> roles,
            String secretCiphertext) {

        static Sealed of(AccessKeysChanged.Entry e) {
            return new Sealed(e.accessKeyId(), e.owner(), e.status(), e.roles(), e.secretCiphertext());
        }

        @Override
        public String toString() {
            return "Sealed[accessKeyId=" + accessKeyId + ", owner=" + owner + ", status=" + status + ", roles=" + roles
                    + ", secretCiphertext=****]";
        }
    }

    /**
     * Decrypts every secret; one that does not decrypt fails the whole snapshot (nothing of it is applied).
     *
     * @throws AccessKeySecrets.UndecryptableSecretException naming the key id, never the ciphertext
     */
    public static KeyTableSnapshot decrypt(long revision, List<Sealed> sealed, AccessKeySecrets secrets) {
        Map<String, Key> keys = new HashMap<>(sealed.size() * 2);
        for (Sealed s : sealed) {
            String secret = secrets.decrypt(s.accessKeyId(), s.secretCiphertext());
            Status status = s.status() == AccessKeysChanged.Status.ACTIVE ? Status.ACTIVE : Status.REVOKED;
            Set<String> roles = Set.copyOf(s.roles());
            keys.put(s.accessKeyId(), new Key(Optional.of(new AccessKey(s.accessKeyId(), secret, s.owner(), status)),
                    roles, Roles.grants(roles, Roles.INVOKER)));
        }
        return new KeyTableSnapshot(revision, keys);
    }

    @Override
    public String toString() {
        return "KeyTableSnapshot[revision=" + revision + ", keys=" + keys.keySet() + "]";
    }
}
