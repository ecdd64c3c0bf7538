package dev.treeline.registry.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.treeline.registry.security.RegistryUser;
import dev.treeline.registry.security.UnknownUserException;
import dev.treeline.support.security.AccessKeySecrets;

/** Creating and revoking users' access keys; every change publishes the key table in the same transaction. */
@ApplicationScoped
public class AccessKeys {

    /** Active keys a user may hold: one in use and one being rotated in. */
    public static final int MAX_ACTIVE = 2;

    /** A new key with its secret in clear: shown to the admin once, never stored or published like this. */
    public record CreatedKey(AccessKey key, String secretAccessKey) {
        @Override
        public String toString() {
            return "CreatedKey[" + key + ", secretAccessKey=****]";
        }
    }

    private final AccessKeyTable table;
    private final AccessKeySecrets secrets;
    private final Clock clock;

    public AccessKeys(AccessKeyTable table, AccessKeySecrets secrets, Clock clock) {
        this.table = table;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Transactional
    public CreatedKey create(String owner, String createdBy) {
        table.lock();
        requireUser(owner);
        if (AccessKey.activeOf(owner) >= MAX_ACTIVE) {
            throw new TooManyAccessKeysException(owner, MAX_ACTIVE);
        }
        AccessKey key = new AccessKey();
        key.accessKeyId = NewAccessKeys.id();
        String secret = NewAccessKeys.secret();
        key.secretCiphertext = secrets.encrypt(key.accessKeyId, secret);
        key.owner = owner;
        key.status = AccessKeyStatus.Active;
        key.createdAt = Instant.now(clock);
        key.createdBy = createdBy;
        key.persist();
        table.publishChange();
        return new CreatedKey(key, secret);
    }

    @Transactional
    public List<AccessKey> of(String owner) {
        requireUser(owner);
        return AccessKey.ofOwner(owner);
    }

    /** Revokes the key; revoking a revoked key changes nothing. */
    @Transactional
    public void revoke(String owner, String accessKeyId, String revokedBy) {
        table.lock();
        requireUser(owner);
        AccessKey key = AccessKey.findById(accessKeyId);
        if (key == null || !key.owner.equals(owner)) {
            throw new UnknownAccessKeyException(owner, accessKeyId);
        }
        if (key.status == AccessKeyStatus.Revoked) {
            return;
        }
        markRevoked(key, revokedBy);
        table.publishChange();
    }

    /**
     * In the caller's transaction, after {@link AccessKeyTable#lock()}: the user is being deleted, so every key
     * of theirs is revoked; publishes the table if they had keys.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ownerDeleted(String owner, String deletedBy) {
        List<AccessKey> keys = AccessKey.ofOwner(owner);
        keys.stream().filter(k -> k.status == AccessKeyStatus.Active).forEach(k -> markRevoked(k, deletedBy));
        if (!keys.isEmpty()) {
            table.publishChange();
        }
    }

    /** In the caller's transaction, after {@link AccessKeyTable#lock()}: the owner's roles changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ownerRolesChanged(String owner) {
        if (AccessKey.count("owner", owner) > 0) {
            table.publishChange();
        }
    }

    private void markRevoked(AccessKey key, String by) {
        key.status = AccessKeyStatus.Revoked;
        key.revokedAt = Instant.now(clock);
        key.revokedBy = by;
    }

    private static void requireUser(String username) {
        if (RegistryUser.findById(username) == null) {
            throw new UnknownUserException(username);
        }
    }
}
