package dev.treeline.deployer.following;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.support.persistence.IdempotencyGuard;

/**
 * Follows the registry on {@code treeline.model-packages} in this account's own consumer group. Each event
 * is applied once (event id recorded in the same transaction as its effect); a record that is not a valid
 * event is dead-lettered with the reason; other event types on the topic are ignored.
 */
@ApplicationScoped
public class RegistryEventsConsumer {

    static final String CONSUMER = "deployer.model-packages";

    private final IdempotencyGuard idempotencyGuard;
    private final Deployments deployments;

    public RegistryEventsConsumer(IdempotencyGuard idempotencyGuard, Deployments deployments) {
        this.idempotencyGuard = idempotencyGuard;
        this.deployments = deployments;
    }

    @Incoming("model-packages")
    @Transactional
    public void on(byte[] value) {
        EventEnvelope<?> event = EventCodec.shared().decode(value);
        if (!idempotencyGuard.firstDelivery(CONSUMER, event.eventId(), event.type().wireName())) {
            return;
        }
        if (event.payload() instanceof ModelRegistered registered) {
            deployments.registered(event, registered);
        } else if (event.payload() instanceof ModelApproved approved) {
            deployments.approved(event, approved);
        } else if (event.payload() instanceof ModelRejected rejected) {
            deployments.rejected(event, rejected);
        }
    }
}
