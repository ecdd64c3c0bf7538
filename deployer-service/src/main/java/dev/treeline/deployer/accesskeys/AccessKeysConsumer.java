package dev.treeline.deployer.accesskeys;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * Follows the registry's access-key table on {@code treeline.access-keys} (AccessKeysChanged snapshots, in this
 * account's consumer group). A snapshot newer than the served one is decrypted first, whole: one secret that does
 * not decrypt (another installation's encryption key, a changed ciphertext) throws before anything is stored, so
 * SmallRye dead-letters the record with the reason and the previous table keeps serving. Then, through the
 * consumer kit (applied once, transient database failures retried), it replaces the stored table if it is newer
 * than the stored one, and after the commit it is served. Older and equal revisions change nothing.
 */
@ApplicationScoped
public class AccessKeysConsumer {

    public static final String CONSUMER = "deployer.access-keys";
    private static final Logger LOG = Logger.getLogger(AccessKeysConsumer.class);

    private final EventConsumers consumers;
    private final AccessKeyStore store;
    private final AccessKeyTable table;
    private final AccessKeyFollower follower;
    private final EventCodec codec = EventCodec.shared();

    public AccessKeysConsumer(EventConsumers consumers, AccessKeyStore store, AccessKeyTable table,
            AccessKeyFollower follower) {
        this.consumers = consumers;
        this.store = store;
        this.table = table;
        this.follower = follower;
    }

    @Incoming("access-keys")
    @Blocking
    public void on(byte[] value) {
        EventEnvelope<?> event = codec.decode(value);
        KeyTableSnapshot decrypted = null;
        if (event.payload() instanceof AccessKeysChanged snapshot && snapshot.revision() > table.revision()) {
            decrypted = KeyTableSnapshot.decrypt(snapshot.revision(),
                    snapshot.keys().stream().map(KeyTableSnapshot.Sealed::of).toList(), follower.secrets());
        }
        consumers.consume(CONSUMER, event, EventRoutes.of(AccessKeysChanged.class, e -> {
            if (!store.replaceIfNewer(e.payload())) {
                LOG.debugf("access-key snapshot revision %d is not newer than the stored one, ignored",
                        e.payload().revision());
            }
        }));
        if (decrypted != null) {
            table.offer(decrypted);
        }
    }
}
