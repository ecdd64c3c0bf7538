package dev.treeline.registry.registration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.TuningCompleted;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * Registers each TuningCompleted once (decoding, transaction, retries, idempotency and dead-lettering come
 * from {@link EventConsumers}).
 */
@ApplicationScoped
public class TuningCompletedConsumer {

    static final String CONSUMER = "registry.tuning";

    private final EventConsumers consumers;
    private final EventRoutes routes;

    public TuningCompletedConsumer(EventConsumers consumers, Registrar registrar) {
        this.consumers = consumers;
        this.routes = EventRoutes.of(TuningCompleted.class, registrar::register);
    }

    @Incoming("tuning")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }
}
