package dev.treeline.registry.registration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.TuningCompleted;
import dev.treeline.support.messaging.ConsumerTransactions;
import dev.treeline.support.persistence.IdempotencyGuard;

/**
 * Registers each TuningCompleted once. A record that does not decode fails the method, so SmallRye
 * writes it to {@code treeline.tuning.dlq} with the reason and carries on.
 */
@ApplicationScoped
public class TuningCompletedConsumer {

    static final String CONSUMER = "registry-tuning";

    private final IdempotencyGuard idempotencyGuard;
    private final ConsumerTransactions transactions;
    private final Registrar registrar;

    public TuningCompletedConsumer(IdempotencyGuard idempotencyGuard, Registrar registrar, ConsumerTransactions transactions) {
        this.transactions = transactions;
        this.idempotencyGuard = idempotencyGuard;
        this.registrar = registrar;
    }

    @Incoming("tuning")
    @Blocking
    public void on(byte[] value) {
        // A record that does not decode is dead-lettered at once; handling is retried while it fails transiently.
        EventEnvelope<?> event = EventCodec.shared().decode(value);
        transactions.run(CONSUMER, () -> apply(event));
    }

    private void apply(EventEnvelope<?> event) {
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
