package dev.treeline.dataprep.timeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.support.persistence.IdempotencyGuard;

/** Follows a run after its dataset: tuning, registry, deployments and failures of later stages. */
@ApplicationScoped
public class LaterStagesConsumer {

    static final String CONSUMER = "data-prep.timeline";

    private final IdempotencyGuard idempotencyGuard;
    private final RunStageRecorder recorder;

    public LaterStagesConsumer(IdempotencyGuard idempotencyGuard, RunStageRecorder recorder) {
        this.idempotencyGuard = idempotencyGuard;
        this.recorder = recorder;
    }

    @Incoming("timeline-tuning")
    @Transactional
    public void onTuning(byte[] value) {
        apply(value);
    }

    @Incoming("timeline-model-packages")
    @Transactional
    public void onModelPackages(byte[] value) {
        apply(value);
    }

    @Incoming("timeline-deployments")
    @Transactional
    public void onDeployments(byte[] value) {
        apply(value);
    }

    @Incoming("run-failures")
    @Transactional
    public void onRunFailures(byte[] value) {
        apply(value);
    }

    private void apply(byte[] value) {
        EventEnvelope<?> event = EventCodec.shared().decode(value);
        if (!idempotencyGuard.firstDelivery(CONSUMER, event.eventId(), event.type().wireName())) {
            return;
        }
        recorder.record(event);
    }
}
