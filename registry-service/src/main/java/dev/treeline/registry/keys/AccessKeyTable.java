package dev.treeline.registry.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.EventEnvelope;
import dev.treeline.registry.security.RegistryUser;
import dev.treeline.support.outbox.Outbox;
import dev.treeline.support.security.Roles;

/**
 * Publishes the whole access-key table ({@link AccessKeysChanged}) through the outbox, in the transaction that
 * changed it. Every change of the table (a key, or the roles of a key's owner) runs under one transaction-scoped
 * advisory lock taken before anything is read ({@link #lock()}), so the snapshot with the higher revision always
 * contains every change committed before it: consumers keep the highest revision and may ignore the others.
 */
@ApplicationScoped
public class AccessKeyTable {

    /** pg_advisory_xact_lock id of the key table ("TLAK" in ASCII). */
    static final long LOCK_ID = 0x544C414BL;

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;

    public AccessKeyTable(EntityManager em, Outbox outbox, Clock clock) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Serializes changes of the key table until the transaction ends; call before reading what will change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(:id)) locked").setParameter("id", LOCK_ID)
                .getSingleResult();
    }

    /** The table changed in this transaction (after {@link #lock()}): publish it under the next revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccessKeysChanged publishChange() {
        long revision = ((Number) em.createNativeQuery("select nextval('access_keys_revision')").getSingleResult())
                .longValue();
        return publish(revision);
    }

    /**
     * Publishes the table again under its current revision (the first revision if it was never published), for
     * consumers that start late or missed it: at start-up and every {@code republish-interval}.
     */
    @Transactional
    public AccessKeysChanged republish() {
        lock();
        Object[] current = (Object[]) em.createNativeQuery("select last_value, is_called from access_keys_revision")
                .getSingleResult();
        return Boolean.TRUE.equals(current[1]) ? publish(((Number) current[0]).longValue()) : publishChange();
    }

    private AccessKeysChanged publish(long revision) {
        List<AccessKey> keys = AccessKey.<AccessKey>listAll().stream()
                .sorted(Comparator.comparing((AccessKey k) -> k.createdAt).thenComparing(k -> k.accessKeyId)).toList();
        Set<String> owners = keys.stream().map(k -> k.owner).collect(Collectors.toSet());
        Map<String, Set<String>> roles = owners.isEmpty() ? Map.of()
                : RegistryUser.<RegistryUser>list("username in ?1", owners).stream()
                        .collect(Collectors.toMap(u -> u.username, u -> Roles.effective(u.roles)));
        List<AccessKeysChanged.Entry> entries = keys.stream().map(k -> new AccessKeysChanged.Entry(k.accessKeyId,
                k.owner, k.status.published(), roles.getOrDefault(k.owner, Set.of()), k.secretCiphertext, k.createdAt,
                k.revokedAt)).toList();
        AccessKeysChanged snapshot = new AccessKeysChanged(revision, Instant.now(clock), entries);
        outbox.publish(EventEnvelope.of(UUID.randomUUID().toString(), snapshot));
        return snapshot;
    }

}
