package dev.treeline.dataprep.timeline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.support.messaging.ConsumerTransactions;
import dev.treeline.support.persistence.IdempotencyGuard;

/** Follows a run after its dataset: tuning, registry, deployments and failures of later stages. */
@ApplicationScoped
public class LaterStagesConsumer {

    static final String CONSUMER = "data-prep.timeline";

    private final IdempotencyGuard idempotencyGuard;
    private final ConsumerTransactions transactions;
    private final RunStageRecorder recorder;

    public LaterStagesConsumer(IdempotencyGuard idempotencyGuard, RunStageRecorder recorder, ConsumerTransactions transactions) {
        this.transactions = transactions;
        this.idempotencyGuard = idempotencyGuard;
        this.recorder = recorder;
    }

    @Incoming("timeline-tuning")
    @Blocking
    public void onTuning(byte[] value) {
        apply(value);
    }

    @Incoming("timeline-model-packages")
    @Blocking
    public void onModelPackages(byte[] value) {
        apply(value);
    }

    @Incoming("timeline-deployments")
    @Blocking
    public void onDeployments(byte[] value) {
        apply(value);
    }

    @Incoming("run-failures")
    @Blocking
    public void onRunFailures(byte[] value) {
        apply(value);
    }

    private void apply(byte[] value) {
        EventEnvelope<?> event = EventCodec.shared().decode(value);
        transactions.run(CONSUMER, () -> record(event));
    }

    private void record(EventEnvelope<?> event) {
        if (!idempotencyGuard.firstDelivery(CONSUMER, event.eventId(), event.type().wireName())) {
            return;
        }
        recorder.record(event);
    }
}
