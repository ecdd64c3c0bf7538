package dev.treeline.deployer.storage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import dev.treeline.events.ApprovalStatus;

/**
 * The deployer's state in its own database: {@link KnownVersion}, {@link DesiredVersion} and
 * {@link PendingPromotion} entities. Writes join the caller's transaction, so they commit or roll back with
 * the outbox row that announces them, and happen under {@link #lockGroup(String)}, which is why plain
 * read-then-write is safe (no upserts). Reads outside a transaction (serving path, replica polling) run in a
 * short one of their own.
 */
@ApplicationScoped
public class DeploymentStore {

    private final EntityManager em;
    private final Clock clock;

    public DeploymentStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /**
     * Serialises every change to one model group (consumer, promotion tick, management API, any replica)
     * until the transaction ends: decisions read the current state and write the next one. Raw SQL: a
     * PostgreSQL transaction-level advisory lock has no JPA equivalent.
     */
    @Transactional(TxType.MANDATORY)
    public void lockGroup(String modelGroup) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(:group))) as locked")
                .setParameter("group", modelGroup).getSingleResult();
    }

    // ---- version history

    @Transactional
    public Optional<KnownVersion> version(String modelGroup, int version) {
        return Optional.ofNullable(em.find(KnownVersion.class, new KnownVersion.Key(modelGroup, version)));
    }

    /** Versions below {@code below} in one of {@code statuses}, newest first: rollback candidates. */
    @Transactional
    public List<KnownVersion> versionsBelow(String modelGroup, int below, List<ApprovalStatus> statuses) {
        return KnownVersion.list("modelGroup = ?1 and version < ?2 and status in ?3 order by version desc",
                modelGroup, below, statuses);
    }

    @Transactional
    public List<KnownVersion> versions(String modelGroup) {
        return KnownVersion.list("modelGroup = ?1 order by version", modelGroup);
    }

    /** The highest version known or served, 0 when none: a manual add without a version takes the next one. */
    @Transactional
    public int highestVersion(String modelGroup) {
        Integer known = em.createQuery("select max(v.version) from KnownVersion v where v.modelGroup = :group",
                Integer.class).setParameter("group", modelGroup).getSingleResult();
        int served = desired(modelGroup).map(d -> d.version).orElse(0);
        return Math.max(known == null ? 0 : known, served);
    }

    /** Inserts or replaces what this account knows of a version. */
    @Transactional(TxType.MANDATORY)
    public KnownVersion saveVersion(KnownVersion v) {
        v.updatedAt = clock.instant();
        return em.merge(v);
    }

    // ---- desired versions

    @Transactional
    public Optional<DesiredVersion> desired(String modelGroup) {
        return Optional.ofNullable(em.find(DesiredVersion.class, modelGroup));
    }

    @Transactional
    public List<DesiredVersion> allDesired() {
        return DesiredVersion.list("order by modelGroup");
    }

    @Transactional(TxType.MANDATORY)
    public DesiredVersion saveDesired(DesiredVersion d) {
        return em.merge(d);
    }

    @Transactional(TxType.MANDATORY)
    public boolean deleteDesired(String modelGroup) {
        return DesiredVersion.deleteById(modelGroup);
    }

    // ---- serving settings

    @Transactional
    public Optional<ModelServing> serving(String modelGroup) {
        return Optional.ofNullable(em.find(ModelServing.class, modelGroup));
    }

    @Transactional
    public List<ModelServing> allServing() {
        return ModelServing.list("order by modelGroup");
    }

    /** Models whose served version every replica loads as soon as it is deployed. */
    @Transactional
    public Set<String> preloadGroups() {
        return Set.copyOf(em.createQuery("select s.modelGroup from ModelServing s where s.preload = true", String.class)
                .getResultList());
    }

    @Transactional(TxType.MANDATORY)
    public ModelServing saveServing(ModelServing s) {
        return em.merge(s);
    }

    // ---- pending promotions

    /** Keeps only the newest pending approval per group: an older one never replaces it. */
    @Transactional(TxType.MANDATORY)
    public void savePending(PendingPromotion p) {
        PendingPromotion current = em.find(PendingPromotion.class, p.modelGroup);
        if (current == null) {
            em.persist(p);
        } else if (current.version < p.version) {
            current.version = p.version;
            current.approvedAt = p.approvedAt;
            current.dueAt = p.dueAt;
        }
    }

    @Transactional(TxType.MANDATORY)
    public void deletePending(String modelGroup, int version) {
        PendingPromotion.delete("modelGroup = ?1 and version = ?2", modelGroup, version);
    }

    /** Drops a pending approval that the version now served supersedes. */
    @Transactional(TxType.MANDATORY)
    public void deletePendingUpTo(String modelGroup, int version) {
        PendingPromotion.delete("modelGroup = ?1 and version <= ?2", modelGroup, version);
    }

    @Transactional
    public Optional<PendingPromotion> pending(String modelGroup) {
        return Optional.ofNullable(em.find(PendingPromotion.class, modelGroup));
    }

    @Transactional
    public List<PendingPromotion> allPending() {
        return PendingPromotion.list("order by dueAt, modelGroup");
    }

    @Transactional
    public List<PendingPromotion> duePending(Instant now) {
        return PendingPromotion.list("dueAt <= ?1 order by dueAt", now);
    }
}
