package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The serde pair works in memory the way a producer and consumer would use it. */
class KafkaSerdeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventSurvivesSerializerDeserializerRoundTrip(EventType type) {
        EventEnvelope<?> event = ExpectedEvents.expected(type);
        try (EventSerializer serializer = new EventSerializer();
             EventDeserializer deserializer = new EventDeserializer()) {
            serializer.configure(Map.of(), false);
            deserializer.configure(Map.of(), false);

            byte[] bytes = serializer.serialize(type.topic(), event);
            EventEnvelope<?> back = deserializer.deserialize(type.topic(), bytes);

            assertEquals(event, back);
        }
    }

    @Test
    void freshEventsRoundTripThroughTheSerde() {
        EventEnvelope<DatasetReady> event = EventEnvelope.of(ExpectedEvents.RUN_ID, ExpectedEvents.datasetReady());
        byte[] bytes = new EventSerializer().serialize(Topics.DATASETS, event);

        assertEquals(event, new EventDeserializer().deserialize(Topics.DATASETS, bytes));
    }

    @Test
    void kafkaCanCreateTheSerdeReflectively() throws ReflectiveOperationException {
        Serializer<?> serializer = EventSerializer.class.getDeclaredConstructor().newInstance();
        Deserializer<?> deserializer = EventDeserializer.class.getDeclaredConstructor().newInstance();

        assertInstanceOf(EventSerializer.class, serializer);
        assertInstanceOf(EventDeserializer.class, deserializer);
    }

    @Test
    void nullValueIsATombstoneBothWays() {
        assertNull(new EventSerializer().serialize(Topics.DATASETS, null));
        assertNull(new EventDeserializer().deserialize(Topics.DATASETS, null));
    }

    @Test
    void unreadableRecordRaisesASerializationExceptionWithTheReason() {
        byte[] poison = "{\"type\":\"DatasetReady\",\"schemaVersion\":9}".getBytes(StandardCharsets.UTF_8);

        SerializationException e = assertThrows(SerializationException.class,
                () -> new EventDeserializer().deserialize(Topics.DATASETS, poison));

        assertInstanceOf(InvalidEventException.class, e);
        assertEquals("DatasetReady schemaVersion 9 is not supported; this build reads schemaVersion 1", e.getMessage());
    }

    @Test
    void serializerRefusesAnInvalidEvent() {
        EventEnvelope<RunFailed> invalid = EventEnvelope.of("house-prices", "run-1",
                new RunFailed("run-1", "house-prices", "tuning", ""));

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> new EventSerializer().serialize(Topics.RUN_FAILURES, invalid));

        assertTrue(e.getMessage().endsWith(": payload.reason: must not be blank"), e.getMessage());
    }
}
