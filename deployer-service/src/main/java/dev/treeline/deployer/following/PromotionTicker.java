package dev.treeline.deployer.following;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.PendingPromotion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Promotes approvals whose promotion delay has passed on this deployer's clock: per due group, the artifact is
 * copied first, then one short transaction records it.
 */
@ApplicationScoped
public class PromotionTicker {

    private static final Logger LOG = Logger.getLogger(PromotionTicker.class);

    private final DeploymentStore store;
    private final Deployments deployments;
    private final Clock clock;

    public PromotionTicker(DeploymentStore store, Deployments deployments, Clock clock) {
        this.store = store;
        this.deployments = deployments;
        this.clock = clock;
    }

    @Scheduled(every = "${treeline.deployer.promotion-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        promoteDue();
    }

    /** Applies every pending promotion due now; returns how many were looked at. Tests call it after moving time. */
    public synchronized int promoteDue() {
        int looked = 0;
        for (PendingPromotion due : store.duePending(clock.instant())) {
            looked++;
            try {
                ArtifactCopies copies = deployments.copyAheadDue(due.modelGroup);
                QuarkusTransaction.requiringNew().run(() -> deployments.promoteDue(due.modelGroup, copies));
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not promote %s v%d; retrying at the next tick", due.modelGroup, due.version);
            }
        }
        return looked;
    }
}
