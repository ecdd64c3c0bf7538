package dev.treeline.deployer.accesskeys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.treeline.support.security.AccessKeySecrets;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the in-memory table equal to the stored one: at start-up (so a restarted deployer serves signed
 * invocations without the registry) and by polling the stored revision every
 * {@code treeline.deployer.replica-poll-interval}, for the replicas that did not consume the snapshot themselves
 * (one replica of the account's consumer group gets the topic's partition).
 */
@ApplicationScoped
public class AccessKeyFollower {

    private static final Logger LOG = Logger.getLogger(AccessKeyFollower.class);

    private final AccessKeyStore store;
    private final AccessKeyTable table;
    private final AccessKeySecrets secrets;

    public AccessKeyFollower(AccessKeyStore store, AccessKeyTable table,
            @ConfigProperty(name = "treeline.access-keys.encryption-key") String encryptionKey) {
        this.store = store;
        this.table = table;
        this.secrets = AccessKeySecrets.fromBase64(encryptionKey);
    }

    AccessKeySecrets secrets() {
        return secrets;
    }

    void restore(@Observes @Priority(10) StartupEvent event) {
        restoreFromDatabase();
        LOG.infof("access-key table restored from the database: revision %d, %d keys", table.revision(),
                table.current().keys().size());
    }

    @Scheduled(every = "${treeline.deployer.replica-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (store.revision().orElse(0) > table.revision()) {
            restoreFromDatabase();
        }
    }

    /** Serves the stored table if it is newer than the served one (what a restart does first). */
    void restoreFromDatabase() {
        AccessKeyStore.Stored stored = store.load();
        if (stored.revision() <= table.revision()) {
            return;
        }
        try {
            table.offer(KeyTableSnapshot.decrypt(stored.revision(), stored.keys(), secrets));
        } catch (AccessKeySecrets.UndecryptableSecretException e) {
            // Stored only after it decrypted here: the configured encryption key changed since.
            LOG.errorf("the stored access-key table (revision %d) does not decrypt: %s; signed invocations are"
                    + " refused until a snapshot that does arrives", stored.revision(), e.getMessage());
        }
    }
}
