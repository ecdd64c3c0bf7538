package dev.treeline.support.outbox;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Publishes events through the database: the row commits or rolls back with the state change it
 * announces, so the two never diverge. {@link OutboxRelay} sends committed rows to Kafka.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelayService relay;

    public Outbox(EntityManager em, TransactionSynchronizationRegistry transactions, OutboxRelayService relay) {
        this.em = em;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Stores {@code event} in the caller's transaction; it is sent to its topic after commit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(EventEnvelope<?> event) {
        byte[] json = EventCodec.shared().encode(event); // validates: an invalid event fails the caller's transaction
        em.createNativeQuery("insert into outbox_event (event_id, topic, message_key, event_type, occurred_at, payload)"
                        + " values (:eventId, :topic, :key, :type, :occurredAt, :payload)")
                .setParameter("eventId", event.eventId())
                .setParameter("topic", event.type().topic())
                .setParameter("key", event.subject())
                .setParameter("type", event.type().wireName())
                .setParameter("occurredAt", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .setParameter("payload", new String(json, StandardCharsets.UTF_8))
                .executeUpdate();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
