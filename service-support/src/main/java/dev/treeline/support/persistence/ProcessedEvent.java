package dev.treeline.support.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * An event a consumer has applied. Written in the same transaction as the consumer's effect, so a
 * redelivered event finds its row and changes nothing.
 */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

    @EmbeddedId
    public Key id;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    @Embeddable
    public record Key(@Column(name = "consumer") String consumer, @Column(name = "event_id") UUID eventId)
            implements Serializable {
    }
}
