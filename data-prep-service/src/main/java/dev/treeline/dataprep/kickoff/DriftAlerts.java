package dev.treeline.dataprep.kickoff;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.dataprep.run.Kickoff;
import dev.treeline.dataprep.run.KickoffRequest;
import dev.treeline.dataprep.run.RunService;
import dev.treeline.dataprep.definition.DefinitionLookup;
import dev.treeline.dataprep.definition.StoredDefinition;
import dev.treeline.dataprep.run.RetiredModelException;
import dev.treeline.dataprep.run.UndefinedModelException;
import dev.treeline.events.DriftDetected;
import dev.treeline.events.EventType;
import dev.treeline.events.RetrainReason;
import dev.treeline.support.persistence.IdempotencyGuard;

/**
 * What a drift alert leads to, however it arrives (Kafka's {@link DriftAlertConsumer}, or {@code POST /drift-alerts}
 * in {@link DriftAlertResource}): reads what {@link DriftPolicy} decides on (the definition's drift rule, the model's last
 * run, the time), asks for the run when it says so, and records the alert with its decision and why.
 */
@ApplicationScoped
public class DriftAlerts {

    /** Both ways in share this consumer name, so an alert's event id is decided once whichever way it comes. */
    static final String CONSUMER = "data-prep.drift-alerts";
    private static final Logger LOG = Logger.getLogger(DriftAlerts.class);

    private final RunService runs;
    private final DefinitionLookup definitions;
    private final IdempotencyGuard idempotency;
    private final Clock clock;

    public DriftAlerts(RunService runs, DefinitionLookup definitions, IdempotencyGuard idempotency, Clock clock) {
        this.runs = runs;
        this.definitions = definitions;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /**
     * Decides on the alert once per event id; empty when that event id was decided before (the caller reads that
     * decision with {@link #decisionOf}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DriftDecision> decideOnce(UUID eventId, DriftDetected alert, String requestedBy) {
        if (!idempotency.firstDelivery(CONSUMER, eventId, EventType.DRIFT_DETECTED.wireName())) {
            return Optional.empty();
        }
        return Optional.of(decide(eventId, alert, requestedBy));
    }

    /** The decision recorded for an event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<DriftDecision> decisionOf(UUID eventId) {
        return DriftDecision.<DriftDecision>find("eventId", eventId).firstResultOptional();
    }

    /**
     * Decides and records; the caller has made sure the event is applied once.
     *
     * @param requestedBy who a run it starts is requested by
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DriftDecision decide(UUID eventId, DriftDetected alert, String requestedBy) {
        Instant now = clock.instant();
        Optional<StoredDefinition> stored = definitions.current(alert.model());
        Optional<DriftPolicy.Rule> rule = stored.filter(d -> !d.retired())
                .map(d -> DriftPolicy.Rule.of(d.definition().drift()));
        String whyNoRule = stored.map(RetiredModelException::message)
                .orElseGet(() -> UndefinedModelException.message(alert.model(), runs.activeModels()));
        Optional<DriftPolicy.LastRun> last = rule.isEmpty() ? Optional.empty() : runs.lastRun(alert.model())
                .map(run -> new DriftPolicy.LastRun(run.id, run.status, run.requestedAt));
        DriftPolicy.Verdict verdict = DriftPolicy.decide(alert, rule, last, now, whyNoRule);
        UUID runId = null;
        if (verdict.startsRun()) {
            Kickoff kickoff = runs.request(new KickoffRequest(alert.model(), RetrainReason.DRIFT, false,
                    requestedBy, alert.toDetails(), eventId));
            if (kickoff instanceof Kickoff.Blocked blocked) { // a run started since we looked
                verdict = DriftPolicy.blocked(verdict.specThreshold(), blocked.activeRunId(), blocked.activeStatus());
            } else {
                runId = ((Kickoff.Started) kickoff).run().id;
            }
        }
        DriftDecision decision = record(eventId, alert, verdict, runId, now);
        LOG.infof("DriftDetected %s for %s (%s = %s): %s, %s", eventId, alert.model(), alert.metric(),
                alert.value(), decision.decision, decision.why);
        return decision;
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
