package dev.treeline.dataprep.timeline;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/** Follows a run after its dataset: tuning, registry, deployments and failures of later stages. */
@ApplicationScoped
public class LaterStagesConsumer {

    static final String CONSUMER = "data-prep.timeline";

    private final EventConsumers consumers;
    private final EventRoutes routes;

    public LaterStagesConsumer(EventConsumers consumers, RunStageRecorder recorder) {
        this.consumers = consumers;
        this.routes = EventRoutes.all(recorder::record);
    }

    @Incoming("timeline-tuning")
    @Blocking
    public void onTuning(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    @Incoming("timeline-model-packages")
    @Blocking
    public void onModelPackages(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    @Incoming("timeline-deployments")
    @Blocking
    public void onDeployments(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    @Incoming("run-failures")
    @Blocking
    public void onRunFailures(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }
}
