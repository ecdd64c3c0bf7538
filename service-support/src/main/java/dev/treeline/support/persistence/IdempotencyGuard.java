package dev.treeline.support.persistence;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Exactly-once effects from at-least-once delivery: a consumer calls {@link #firstDelivery} inside the
 * transaction that applies the event and skips the event when it returns false.
 */
@ApplicationScoped
public class IdempotencyGuard {

    private final EntityManager em;

    public IdempotencyGuard(EntityManager em) {
        this.em = em;
    }

    /**
     * Records the event for this consumer; false if it was recorded before. Concurrent deliveries of one
     * event serialise on the primary key: the loser waits, then sees the conflict.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, UUID eventId, String eventType) {
        int inserted = em.createNativeQuery("insert into processed_event (consumer, event_id, event_type, processed_at)"
                + " values (:consumer, :eventId, :eventType, now()) on conflict do nothing")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .setParameter("eventType", eventType)
                .executeUpdate();
        return inserted == 1;
    }
}
