package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Producers may add optional fields before every consumer knows them. */
class ForwardCompatibilityTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void unknownEnvelopePropertiesAreIgnored() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        event.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        event.putObject("producer").put("service", "data-prep").put("version", "0.2.0");

        assertEquals(ExpectedEvents.expected(EventType.DATASET_READY), codec.decode(Json.bytes(event)));
    }

    @Test
    void unknownPayloadPropertiesAreIgnoredAtAnyDepth() {
        ObjectNode event = Json.golden(EventType.TUNING_COMPLETED);
        ((ObjectNode) event.get("payload")).put("instanceType", "ml.m5.xlarge");
        ((ObjectNode) event.at("/payload/artifact")).put("storageClass", "STANDARD_IA");
        ((ObjectNode) event.at("/payload/lineage/splits/train")).put("compression", "gzip");

        assertEquals(ExpectedEvents.expected(EventType.TUNING_COMPLETED), codec.decode(Json.bytes(event)));
    }

    @Test
    void optionalFieldsMayBeAbsent() {
        ObjectNode event = Json.golden(EventType.DRIFT_DETECTED);
        ((ObjectNode) event.get("payload")).remove("threshold");
        ((ObjectNode) event.get("payload")).remove("feature");

        DriftDetected drift = codec.decode(Json.bytes(event), DriftDetected.class).payload();

        assertNull(drift.threshold());
        assertNull(drift.feature());
        assertEquals(0.31, drift.value());
    }

    @Test
    void absentOptionalFieldsAreLeftOutOfTheJson() {
        RetrainRequested scheduled = new RetrainRequested("house-prices", RetrainReason.SCHEDULE, false,
                "scheduler", null);

        JsonNode payload = Json.tree(codec.encode(EventEnvelope.of("run-2", scheduled))).get("payload");

        assertFalse(payload.has("drift"));
        assertEquals("SCHEDULE", payload.get("reason").asText());
    }
}
