package dev.treeline.events;

import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for events (JSON via {@link EventCodec}); refuses invalid events by throwing
 * {@link InvalidEventException}. Kafka creates it reflectively, so it has a no-arg constructor.
 */
public class EventSerializer implements Serializer<EventEnvelope<?>> {

    private final EventCodec codec;

    public EventSerializer() {
        this(EventCodec.shared());
    }

    public EventSerializer(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, EventEnvelope<?> event) {
        return event == null ? null : codec.encode(event);
    }
}
