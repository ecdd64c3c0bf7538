package dev.treeline.dataprep.kickoff;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.RetrainReason;
import dev.treeline.events.RetrainRequested;
import dev.treeline.support.outbox.Outbox;

/** Publishes a scheduled RetrainRequested; it belongs to no run yet, so it carries a fresh correlation id. */
@ApplicationScoped
public class ScheduledRetrainPublisher {

    static final String REQUESTED_BY = "scheduler";
    private static final Logger LOG = Logger.getLogger(ScheduledRetrainPublisher.class);

    private final Outbox outbox;

    public ScheduledRetrainPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public void publish(String model) {
        EventEnvelope<RetrainRequested> event = EventEnvelope.of(UUID.randomUUID().toString(),
                new RetrainRequested(model, RetrainReason.SCHEDULE, false, REQUESTED_BY, null));
        outbox.publish(event);
        LOG.infof("schedule fired for %s: RetrainRequested %s", model, event.eventId());
    }
}
