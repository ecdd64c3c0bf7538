package dev.treeline.deployer.following;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelApproved;
import dev.treeline.events.ModelGroupChanged;
import dev.treeline.events.ModelRegistered;
import dev.treeline.events.ModelRejected;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * Follows the registry on {@code treeline.model-packages} in this account's own consumer group. Each event
 * is applied once (event id recorded in the same transaction as its effect); a record that is not a valid
 * event is dead-lettered with the reason; a transient database failure is retried first (ConsumerTransactions);
 * other event types on the topic are ignored. ModelGroupChanged carries a model's serving settings
 * ({@link ServingSettings}). The artifact an event will serve is copied before the
 * transaction (Deployments.copyAhead), so the group's lock is held only for recording.
 */
@ApplicationScoped
public class RegistryEventsConsumer {

    public static final String CONSUMER = "deployer.model-packages";

    private final EventConsumers consumers;
    private final Deployments deployments;
    private final ServingSettings serving;
    private final EventCodec codec = EventCodec.shared();

    public RegistryEventsConsumer(EventConsumers consumers, Deployments deployments, ServingSettings serving) {
        this.consumers = consumers;
        this.deployments = deployments;
        this.serving = serving;
    }

    @Incoming("model-packages")
    @Blocking
    public void on(byte[] value) {
        // Decoded once: a record that does not decode throws here, exactly as in the kit (dead-lettered with the
        // reason); the artifact is copied before the kit's transaction, then the kit applies the same envelope.
        EventEnvelope<?> event = codec.decode(value);
        ArtifactCopies copies = deployments.copyAhead(event);
        consumers.consume(CONSUMER, event, routes(copies));
    }

    private EventRoutes routes(ArtifactCopies copies) {
        return EventRoutes.builder()
                .on(ModelRegistered.class, e -> deployments.registered(e, e.payload(), copies))
                .on(ModelApproved.class, e -> deployments.approved(e, e.payload(), copies))
                .on(ModelRejected.class, e -> deployments.rejected(e, e.payload(), copies))
                .on(ModelGroupChanged.class, e -> serving.apply(e.payload()))
                .build();
    }
}
