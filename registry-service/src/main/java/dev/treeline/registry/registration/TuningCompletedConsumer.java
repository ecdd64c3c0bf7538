package dev.treeline.registry.registration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.TuningCompleted;
import dev.treeline.support.persistence.IdempotencyGuard;

/**
 * Registers each TuningCompleted once. A record that does not decode fails the method, so SmallRye
 * writes it to {@code treeline.tuning.dlq} with the reason and carries on.
 */
@ApplicationScoped
public class TuningCompletedConsumer {

    static final String CONSUMER = "registry-tuning";

    private final IdempotencyGuard idempotencyGuard;
    private final Registrar registrar;

    public TuningCompletedConsumer(IdempotencyGuard idempotencyGuard, Registrar registrar) {
        this.idempotencyGuard = idempotencyGuard;
        this.registrar = registrar;
    }

    @Incoming("tuning")
    @Transactional
    public void on(byte[] value) {
        EventEnvelope<?> event = EventCodec.shared().decode(value);
        if (!idempotencyGuard.firstDelivery(CONSUMER, event.eventId(), event.type().wireName())) {
            return;
        }
        if (event.payload() instanceof TuningCompleted) {
            @SuppressWarnings("unchecked")
            EventEnvelope<TuningCompleted> tuning = (EventEnvelope<TuningCompleted>) event;
            registrar.register(tuning);
        }
    }
}
