package dev.treeline.dataprep.kickoff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.jboss.logging.Logger;

import dev.treeline.dataprep.run.Kickoff;
import dev.treeline.dataprep.run.KickoffRequest;
import dev.treeline.dataprep.run.RetrainRun;
import dev.treeline.dataprep.run.RunService;
import dev.treeline.dataprep.spec.ModelSpecs;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RetrainReason;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * {@code DriftDetected} starts a run when the value reaches the spec's threshold and the model's last run (of
 * any outcome) is older than the spec's cooldown; every alert is recorded with its decision and why.
 */
@ApplicationScoped
public class DriftAlertConsumer {

    static final String CONSUMER = "data-prep.drift-alerts";
    private static final Logger LOG = Logger.getLogger(DriftAlertConsumer.class);

    private final EventConsumers consumers;
    private final EventRoutes routes;
    private final RunService runs;
    private final ModelSpecs specs;

    public DriftAlertConsumer(EventConsumers consumers, RunService runs, ModelSpecs specs) {
        this.consumers = consumers;
        this.routes = EventRoutes.of(DriftDetected.class, this::apply);
        this.runs = runs;
        this.specs = specs;
    }

    @Incoming("drift-alerts")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    private void apply(EventEnvelope<DriftDetected> event) {
        DriftDetected alert = event.payload();
        DriftDecision decision = decide(event.eventId(), alert);
        decision.persist();
        LOG.infof("DriftDetected %s for %s (%s = %s): %s, %s", event.eventId(), alert.model(), alert.metric(),
                alert.value(), decision.decision, decision.why);
    }

    private DriftDecision decide(UUID eventId, DriftDetected alert) {
        ModelSpecs.ModelSpec spec = specs.models().get(alert.model());
        if (spec == null) {
            return decision(eventId, alert, null, DriftDecision.Outcome.IGNORED, "no model spec named '"
                    + alert.model() + "'", null);
        }
        double threshold = spec.drift().threshold();
        if (Double.isNaN(alert.value())) {
            return decision(eventId, alert, threshold, DriftDecision.Outcome.IGNORED, "the value is not a number", null);
        }
        if (alert.value() < threshold) {
            return decision(eventId, alert, threshold, DriftDecision.Outcome.IGNORED, alert.metric() + " "
                    + alert.value() + " is below the spec's threshold " + threshold, null);
        }
        Duration cooldown = spec.drift().cooldown();
        Optional<RetrainRun> last = runs.lastRun(alert.model());
        Instant now = Instant.now();
        if (last.isPresent() && last.get().requestedAt.plus(cooldown).isAfter(now)) {
            RetrainRun run = last.get();
            return decision(eventId, alert, threshold, DriftDecision.Outcome.IGNORED, "within the cooldown of "
                    + cooldown + ": the last run " + run.id + " (" + run.status + ") was requested at "
                    + run.requestedAt + "; drift can start a run again after " + run.requestedAt.plus(cooldown), null);
        }
        Kickoff kickoff = runs.request(new KickoffRequest(alert.model(), RetrainReason.DRIFT, false, alert.source(),
                alert.toDetails(), eventId));
        if (kickoff instanceof Kickoff.Blocked blocked) {
            return decision(eventId, alert, threshold, DriftDecision.Outcome.IGNORED, "run " + blocked.activeRunId()
                    + " of this model is " + blocked.activeStatus(), null);
        }
        UUID runId = ((Kickoff.Started) kickoff).run().id;
        return decision(eventId, alert, threshold, DriftDecision.Outcome.STARTED, alert.metric() + " "
                + alert.value() + " reached the spec's threshold " + threshold + " and the last run is older than the"
                + " cooldown of " + cooldown, runId);
    }

    private static DriftDecision decision(UUID eventId, DriftDetected alert, Double specThreshold,
            DriftDecision.Outcome outcome, String why, UUID runId) {
        DriftDecision d = new DriftDecision();
        d.id = UUID.randomUUID();
        d.eventId = eventId;
        d.model = alert.model();
        d.metric = alert.metric();
        d.value = alert.value();
        d.alertThreshold = alert.threshold();
        d.specThreshold = specThreshold;
        d.feature = alert.feature();
        d.source = alert.source();
        d.decision = outcome;
        d.why = why;
        d.runId = runId;
        d.decidedAt = Instant.now();
        return d;
    }
}
