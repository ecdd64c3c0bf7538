package dev.treeline.support.messaging;

import java.net.URI;
import java.time.ZoneOffset;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import dev.treeline.events.EventEnvelope;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Turns an event into a Kafka message: keyed by model group (one model's events stay in order on one
 * partition) and carrying CloudEvents attributes as record headers (binary mode).
 */
public final class EventMessages {

    public static final String CLOUD_EVENT_TYPE_PREFIX = "dev.treeline.";

    private EventMessages() {
    }

    public static <E extends EventEnvelope<?>> Message<E> toMessage(E event, String source) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.subject()).build();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(event.eventId().toString())
                .withType(CLOUD_EVENT_TYPE_PREFIX + event.type().wireName())
                .withSource(URI.create(source))
                .withSubject(event.subject())
                .withTimestamp(event.occurredAt().atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return Message.of(event, Metadata.of(kafka, cloudEvent));
    }
}
