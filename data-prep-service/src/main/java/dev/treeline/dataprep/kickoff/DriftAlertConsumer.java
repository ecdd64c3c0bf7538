package dev.treeline.dataprep.kickoff;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.jboss.logging.Logger;

import dev.treeline.dataprep.run.Kickoff;
import dev.treeline.dataprep.run.KickoffRequest;
import dev.treeline.dataprep.run.RunService;
import dev.treeline.dataprep.spec.ModelSpecs;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RetrainReason;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * {@code DriftDetected}: reads what {@link DriftPolicy} decides on (the spec's drift rule, the model's last run,
 * the time), asks for the run when it says so, and records every alert with its decision and why.
 */
@ApplicationScoped
public class DriftAlertConsumer {

    static final String CONSUMER = "data-prep.drift-alerts";
    private static final Logger LOG = Logger.getLogger(DriftAlertConsumer.class);

    private final EventConsumers consumers;
    private final EventRoutes routes;
    private final RunService runs;
    private final ModelSpecs specs;
    private final Clock clock;

    public DriftAlertConsumer(EventConsumers consumers, RunService runs, ModelSpecs specs, Clock clock) {
        this.consumers = consumers;
        this.routes = EventRoutes.of(DriftDetected.class, this::apply);
        this.runs = runs;
        this.specs = specs;
        this.clock = clock;
    }

    @Incoming("drift-alerts")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    private void apply(EventEnvelope<DriftDetected> event) {
        DriftDetected alert = event.payload();
        Instant now = clock.instant();
        Optional<DriftPolicy.Rule> rule = Optional.ofNullable(specs.models().get(alert.model()))
                .map(spec -> DriftPolicy.Rule.of(spec.drift()));
        Optional<DriftPolicy.LastRun> last = rule.isEmpty() ? Optional.empty() : runs.lastRun(alert.model())
                .map(run -> new DriftPolicy.LastRun(run.id, run.status, run.requestedAt));
        DriftPolicy.Verdict verdict = DriftPolicy.decide(alert, rule, last, now);
        UUID runId = null;
        if (verdict.startsRun()) {
            Kickoff kickoff = runs.request(new KickoffRequest(alert.model(), RetrainReason.DRIFT, false,
                    alert.source(), alert.toDetails(), event.eventId()));
            if (kickoff instanceof Kickoff.Blocked blocked) { // a run started since we looked
                verdict = DriftPolicy.blocked(verdict.specThreshold(), blocked.activeRunId(), blocked.activeStatus());
            } else {
                runId = ((Kickoff.Started) kickoff).run().id;
            }
        }
        DriftDecision decision = record(event.eventId(), alert, verdict, runId, now);
        LOG.infof("DriftDetected %s for %s (%s = %s): %s, %s", event.eventId(), alert.model(), alert.metric(),
                alert.value(), decision.decision, decision.why);
    }

    private static DriftDecision record(UUID eventId, DriftDetected alert, DriftPolicy.Verdict verdict, UUID runId,
            Instant decidedAt) {
        DriftDecision d = new DriftDecision();
        d.id = UUID.randomUUID();
        d.eventId = eventId;
        d.model = alert.model();
        d.metric = alert.metric();
        d.value = alert.value();
        d.alertThreshold = alert.threshold();
        d.specThreshold = verdict.specThreshold();
        d.feature = alert.feature();
        d.source = alert.source();
        d.decision = verdict.outcome();
        d.why = verdict.why();
        d.runId = runId;
        d.decidedAt = decidedAt;
        d.persist();
        return d;
    }
}
