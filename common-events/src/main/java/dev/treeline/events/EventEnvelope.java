package dev.treeline.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on every topic: metadata every consumer needs plus the typed payload.
 *
 * @param eventId       unique per event, so consumers can drop redeliveries
 * @param type          which payload this is; decides the payload class and the topic
 * @param schemaVersion version of the payload's shape; consumers reject versions they do not read
 * @param occurredAt    when the producer created the event (millisecond precision)
 * @param correlationId ties together the events of one retraining run (the run id); events that
 *                      belong to no run carry a fresh id or the model version's run id
 * @param subject       the model group; also the Kafka record key, so one model's events stay in order
 * @param payload       the event itself
 */
public record EventEnvelope<P extends EventPayload>(
        @NotNull UUID eventId,
        @NotNull EventType type,
        @Min(1) int schemaVersion,
        @NotNull Instant occurredAt,
        @NotBlank String correlationId,
        @NotNull @ModelGroupName String subject,
        @NotNull @Valid P payload) {

    /**
     * A new event: random id, now (truncated to millis, which is what JSON keeps, so a round
     * trip gives an equal record), and the type and current schema version of the payload.
     */
    public static <P extends EventPayload> EventEnvelope<P> of(String subject, String correlationId, P payload) {
        Objects.requireNonNull(payload, "payload");
        EventType type = EventType.forPayload(payload.getClass());
        return new EventEnvelope<>(UUID.randomUUID(), type, type.schemaVersion(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), correlationId, subject, payload);
    }

    /** As {@link #of(String, String, EventPayload)} with the payload's model group as subject. */
    public static <P extends EventPayload> EventEnvelope<P> of(String correlationId, P payload) {
        Objects.requireNonNull(payload, "payload");
        return of(payload.modelGroup(), correlationId, payload);
    }
}
