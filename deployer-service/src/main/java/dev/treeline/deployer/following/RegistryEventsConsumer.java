package dev.treeline.deployer.following;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * Follows the registry on {@code treeline.model-packages} in this account's own consumer group. Each event
 * is applied once (event id recorded in the same transaction as its effect); a record that is not a valid
 * event is dead-lettered with the reason; a transient database failure is retried first (ConsumerTransactions);
 * other event types on the topic are ignored.
 */
@ApplicationScoped
public class RegistryEventsConsumer {

    static final String CONSUMER = "deployer.model-packages";

    private final EventConsumers consumers;
    private final EventRoutes routes;

    public RegistryEventsConsumer(EventConsumers consumers, Deployments deployments) {
        this.consumers = consumers;
        this.routes = EventRoutes.builder()
                .on(ModelRegistered.class, e -> deployments.registered(e, e.payload()))
                .on(ModelApproved.class, e -> deployments.approved(e, e.payload()))
                .on(ModelRejected.class, e -> deployments.rejected(e, e.payload()))
                .build();
    }

    @Incoming("model-packages")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }
}
