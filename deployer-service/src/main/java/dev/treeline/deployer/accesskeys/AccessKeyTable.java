package dev.treeline.deployer.accesskeys;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.treeline.support.security.sigv4.AccessKeyLookup;

/**
 * The access-key table in memory: what the SigV4 verifier looks keys up in on every invocation (a map read, never
 * a call to the registry or the database). Replaced as a whole by a newer snapshot; an older or equal revision is
 * ignored. Filled from the database at start-up and from {@code treeline.access-keys} while running
 * (AccessKeysConsumer, AccessKeyFollower).
 */
@ApplicationScoped
public class AccessKeyTable implements AccessKeyLookup {

    private static final Logger LOG = Logger.getLogger(AccessKeyTable.class);

    private volatile KeyTableSnapshot current = KeyTableSnapshot.EMPTY;

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        KeyTableSnapshot.Key key = current.keys().get(accessKeyId);
        return key == null ? Optional.empty() : key.found();
    }

    /** The served entry of a key id, or null. */
    public KeyTableSnapshot.Key entry(String accessKeyId) {
        return current.keys().get(accessKeyId);
    }

    public long revision() {
        return current.revision();
    }

    public KeyTableSnapshot current() {
        return current;
    }

    /** Serves {@code snapshot} if it is newer than the served one; says whether it did. */
    public synchronized boolean offer(KeyTableSnapshot snapshot) {
        if (snapshot.revision() <= current.revision()) {
            return false;
        }
        current = snapshot;
        LOG.infof("access-key table revision %d serves %d keys", snapshot.revision(), snapshot.keys().size());
        return true;
    }
}
