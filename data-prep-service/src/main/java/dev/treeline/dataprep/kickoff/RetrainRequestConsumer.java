package dev.treeline.dataprep.kickoff;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;
import org.jboss.logging.Logger;

import dev.treeline.dataprep.run.Kickoff;
import dev.treeline.dataprep.run.KickoffRequest;
import dev.treeline.dataprep.run.RunService;
import dev.treeline.dataprep.run.RetiredModelException;
import dev.treeline.dataprep.run.UndefinedModelException;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RetrainRequested;
import dev.treeline.support.messaging.EventConsumers;
import dev.treeline.support.messaging.EventRoutes;

/**
 * {@code RetrainRequested} from any producer (this service's scheduler, a CLI, another system) starts a run;
 * when the model already has an active run, or is not defined or retired, the request is recorded as skipped with why.
 */
@ApplicationScoped
public class RetrainRequestConsumer {

    static final String CONSUMER = "data-prep.retrain-requests";
    private static final Logger LOG = Logger.getLogger(RetrainRequestConsumer.class);

    private final EventConsumers consumers;
    private final EventRoutes routes;
    private final RunService runs;
    private final Clock clock;

    public RetrainRequestConsumer(EventConsumers consumers, RunService runs, Clock clock) {
        this.clock = clock;
        this.consumers = consumers;
        this.routes = EventRoutes.of(RetrainRequested.class, this::apply);
        this.runs = runs;
    }

    @Incoming("retrain-requests")
    @Blocking
    public void on(byte[] value) {
        consumers.consume(CONSUMER, value, routes);
    }

    private void apply(EventEnvelope<RetrainRequested> event) {
        RetrainRequested request = event.payload();
        try {
            runs.activeDefinition(request.model()); // not transactional: refusing leaves the transaction usable
        } catch (UndefinedModelException | RetiredModelException e) {
            skip(event.eventId(), request, null, e.getMessage());
            return;
        }
        Kickoff kickoff = runs.request(new KickoffRequest(request.model(), request.reason(), request.testing(),
                request.requestedBy(), request.drift(), event.eventId()));
        if (kickoff instanceof Kickoff.Blocked blocked) {
            skip(event.eventId(), request, blocked.activeRunId(), "run " + blocked.activeRunId() + " of this model is "
                    + blocked.activeStatus() + "; a model never has two active runs");
        } else {
            LOG.infof("RetrainRequested %s (%s by %s) started run %s", event.eventId(), request.reason(),
                    request.requestedBy(), ((Kickoff.Started) kickoff).run().id);
        }
    }

    private void skip(UUID eventId, RetrainRequested request, UUID activeRunId, String why) {
        SkippedRequest skipped = new SkippedRequest();
        skipped.id = UUID.randomUUID();
        skipped.eventId = eventId;
        skipped.model = request.model();
        skipped.reason = request.reason();
        skipped.requestedBy = request.requestedBy();
        skipped.activeRunId = activeRunId;
        skipped.why = why;
        skipped.skippedAt = clock.instant();
        skipped.persist();
        LOG.infof("RetrainRequested %s for %s skipped: %s", eventId, request.model(), why);
    }
}
