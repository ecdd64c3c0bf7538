package dev.treeline.dataprep.kickoff;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.dataprep.definition.DefinitionLookup;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.EventType;
import dev.treeline.events.RetrainReason;
import dev.treeline.events.RetrainRequested;
import dev.treeline.support.outbox.Outbox;

/**
 * Publishes a scheduled RetrainRequested. Its event id is derived from the model and the scheduled fire time, so
 * replicas firing the same schedule at the same time publish one event id: the first outbox row wins, and the
 * consumer kit applies an event id once even if two rows slipped through.
 */
@ApplicationScoped
public class ScheduledRetrainPublisher {

    static final String REQUESTED_BY = "scheduler";
    private static final Logger LOG = Logger.getLogger(ScheduledRetrainPublisher.class);

    private final Outbox outbox;
    private final EntityManager em;
    private final DefinitionLookup definitions;

    public ScheduledRetrainPublisher(Outbox outbox, EntityManager em, DefinitionLookup definitions) {
        this.outbox = outbox;
        this.em = em;
        this.definitions = definitions;
    }

    /** The event id of the model's scheduled request for one fire time (whole seconds). */
    public static UUID eventId(String model, Instant fireTime) {
        return UUID.nameUUIDFromBytes((EventType.RETRAIN_REQUESTED.wireName() + "|schedule|" + model + "|"
                + fireTime.truncatedTo(ChronoUnit.SECONDS)).getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes unless another replica did for this fire time, or the model was retired meanwhile. */
    public void publish(String model, Instant fireTime) {
        try {
            publishOnce(model, fireTime);
        } catch (PersistenceException e) {
            // two replicas inserted the same event id at once: the other one's row is the event
            LOG.infof("schedule of %s at %s: not published here (%s); another replica's event stands", model,
                    fireTime, e.getMessage());
        }
    }

    @Transactional
    void publishOnce(String model, Instant fireTime) {
        UUID id = eventId(model, fireTime);
        if (((Number) em.createNativeQuery("select count(*) from outbox_event where event_id = :id")
                .setParameter("id", id).getSingleResult()).intValue() > 0) {
            LOG.debugf("schedule of %s at %s: published by another replica", model, fireTime);
            return;
        }
        if (definitions.current(model).map(d -> d.retired() || d.definition().schedule() == null).orElse(true)) {
            return; // retired or unscheduled since the job was registered: the next refresh removes the job
        }
        RetrainRequested request = new RetrainRequested(model, RetrainReason.SCHEDULE, false, REQUESTED_BY, null);
        EventEnvelope<RetrainRequested> base = EventEnvelope.of(id.toString(), request);
        outbox.publish(new EventEnvelope<>(id, base.type(), base.schemaVersion(), base.occurredAt(),
                base.correlationId(), base.subject(), request));
        LOG.infof("schedule fired for %s (%s): RetrainRequested %s", model, fireTime, id);
    }
}
