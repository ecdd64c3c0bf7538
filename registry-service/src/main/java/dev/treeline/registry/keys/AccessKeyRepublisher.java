package dev.treeline.registry.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.treeline.events.AccessKeysChanged;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the key table at start-up and every {@code treeline.registry.access-keys.republish-interval}, under
 * its current revision, so a consumer that starts late or lost its copy gets the table without a change.
 */
@ApplicationScoped
public class AccessKeyRepublisher {

    private static final Logger LOG = Logger.getLogger(AccessKeyRepublisher.class);

    private final AccessKeyTable table;

    public AccessKeyRepublisher(AccessKeyTable table) {
        this.table = table;
    }

    void onStart(@Observes StartupEvent event) {
        AccessKeysChanged snapshot = table.republish();
        LOG.infof("published the access-key table at start-up: revision %d, %d keys", snapshot.revision(),
                snapshot.keys().size());
    }

    @Scheduled(identity = "access-keys-republish", every = "${treeline.registry.access-keys.republish-interval}",
            delayed = "${treeline.registry.access-keys.republish-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        AccessKeysChanged snapshot = table.republish();
        LOG.debugf("re-published the access-key table: revision %d, %d keys", snapshot.revision(),
                snapshot.keys().size());
    }
}
