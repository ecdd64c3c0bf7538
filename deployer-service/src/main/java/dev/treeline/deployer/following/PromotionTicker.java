package dev.treeline.deployer.following;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.PendingPromotion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/** Promotes approvals whose promotion delay has passed; one transaction per model group. */
@ApplicationScoped
public class PromotionTicker {

    private static final Logger LOG = Logger.getLogger(PromotionTicker.class);

    private final DeploymentStore store;
    private final Deployments deployments;

    public PromotionTicker(DeploymentStore store, Deployments deployments) {
        this.store = store;
        this.deployments = deployments;
    }

    @Scheduled(every = "${treeline.deployer.promotion-tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (PendingPromotion due : store.duePending(java.time.Instant.now())) {
            try {
                QuarkusTransaction.requiringNew().run(() -> deployments.promoteDue(due.modelGroup()));
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not promote %s v%d; retrying at the next tick", due.modelGroup(), due.version());
            }
        }
    }
}
