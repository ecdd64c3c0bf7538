package dev.treeline.deployer.following;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.support.messaging.ConsumerTransactions;
import dev.treeline.support.persistence.IdempotencyGuard;

/**
 * Follows the registry on {@code treeline.model-packages} in this account's own consumer group. Each event
 * is applied once (event id recorded in the same transaction as its effect); a record that is not a valid
 * event is dead-lettered with the reason; a transient database failure is retried first (ConsumerTransactions);
 * other event types on the topic are ignored.
 */
@ApplicationScoped
public class RegistryEventsConsumer {

    static final String CONSUMER = "deployer.model-packages";

    private final IdempotencyGuard idempotencyGuard;
    private final Deployments deployments;
    private final ConsumerTransactions transactions;

    public RegistryEventsConsumer(IdempotencyGuard idempotencyGuard, Deployments deployments,
            ConsumerTransactions transactions) {
        this.idempotencyGuard = idempotencyGuard;
        this.transactions = transactions;
        this.deployments = deployments;
    }

    @Incoming("model-packages")
    @Blocking
    public void on(byte[] value) {
        EventEnvelope<?> event = EventCodec.shared().decode(value);
        transactions.run(CONSUMER, () -> apply(event));
    }

    private void apply(EventEnvelope<?> event) {
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
