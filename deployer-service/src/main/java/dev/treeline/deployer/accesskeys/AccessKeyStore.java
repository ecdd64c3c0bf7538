package dev.treeline.deployer.accesskeys;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import dev.treeline.events.AccessKeysChanged;

/**
 * The newest applied snapshot in the deployer's own database ({@code access_key_table}, {@code access_key}):
 * secrets as the registry sent them, ciphertext. Native SQL: a one-row table and a whole-table replace.
 */
@ApplicationScoped
public class AccessKeyStore {

    private final EntityManager em;
    private final Clock clock;

    public AccessKeyStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** The stored revision, if any. */
    @Transactional
    public OptionalLong revision() {
        List<?> rows = em.createNativeQuery("select revision from access_key_table where id = 1").getResultList();
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) rows.get(0)).longValue());
    }

    /**
     * Replaces the stored table with {@code snapshot} if it is newer than the stored one (the metadata row is
     * locked, so two replicas cannot interleave); says whether it did. Joins the consumer's transaction.
     */
    @Transactional(TxType.MANDATORY)
    public boolean replaceIfNewer(AccessKeysChanged snapshot) {
        em.createNativeQuery("insert into access_key_table (id, revision, published_at, applied_at)"
                + " values (1, 0, :at, :at) on conflict (id) do nothing").setParameter("at", Instant.EPOCH)
                .executeUpdate();
        long stored = ((Number) em.createNativeQuery("select revision from access_key_table where id = 1 for update")
                .getSingleResult()).longValue();
        if (snapshot.revision() <= stored) {
            return false;
        }
        em.createNativeQuery("delete from access_key").executeUpdate();
        for (AccessKeysChanged.Entry e : snapshot.keys()) {
            em.createNativeQuery("insert into access_key (access_key_id, owner, status, roles, secret_ciphertext,"
                    + " created_at, revoked_at) values (:id, :owner, :status, :roles, :secret, :created, :revoked)")
                    .setParameter("id", e.accessKeyId()).setParameter("owner", e.owner())
                    .setParameter("status", e.status().name()).setParameter("roles", String.join(",", e.roles()))
                    .setParameter("secret", e.secretCiphertext()).setParameter("created", e.createdAt())
                    .setParameter("revoked", new TypedParameterValue<>(StandardBasicTypes.INSTANT, e.revokedAt()))
                    .executeUpdate();
        }
        em.createNativeQuery("update access_key_table set revision = :revision, published_at = :published,"
                + " applied_at = :applied where id = 1").setParameter("revision", snapshot.revision())
                .setParameter("published", snapshot.publishedAt()).setParameter("applied", clock.instant())
                .executeUpdate();
        return true;
    }

    /** The stored table, secrets still ciphertext (revision 0 and no keys when nothing was stored). */
    @Transactional
    public Stored load() {
        long revision = revision().orElse(0);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select access_key_id, owner, status, roles, secret_ciphertext"
                + " from access_key order by access_key_id").getResultList();
        List<KeyTableSnapshot.Sealed> keys = rows.stream().map(r -> new KeyTableSnapshot.Sealed((String) r[0],
                (String) r[1], AccessKeysChanged.Status.valueOf((String) r[2]),
                new LinkedHashSet<>(Arrays.stream(((String) r[3]).split(",")).filter(s -> !s.isEmpty()).toList()),
                (String) r[4])).toList();
        return new Stored(revision, keys);
    }

    public record Stored(long revision, List<KeyTableSnapshot.Sealed> keys) {
    }
}
