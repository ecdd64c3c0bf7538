package dev.treeline.events;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for events (JSON via {@link EventCodec}). A record it cannot read raises
 * {@link InvalidEventException}, whose message is the reason to put on the dead-letter record.
 * Kafka creates it reflectively, so it has a no-arg constructor.
 */
public class EventDeserializer implements Deserializer<EventEnvelope<?>> {

    private final EventCodec codec;

    public EventDeserializer() {
        this(EventCodec.shared());
    }

    public EventDeserializer(EventCodec codec) {
        this.codec = codec;
    }

    /** Returns null for a null value (a tombstone), which carries no event. */
    @Override
    public EventEnvelope<?> deserialize(String topic, byte[] data) {
        return data == null ? null : codec.decode(data);
    }
}
