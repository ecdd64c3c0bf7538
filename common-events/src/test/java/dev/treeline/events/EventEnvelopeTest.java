package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    @Test
    void ofFillsIdTimeTypeAndCurrentSchemaVersion() {
        Instant before = Instant.now().minusMillis(1);
        RunFailed payload = new RunFailed("run-9", "house-prices", "data-prep", "query timed out");

        EventEnvelope<RunFailed> event = EventEnvelope.of("house-prices", "run-9", payload);

        assertEquals(EventType.RUN_FAILED, event.type());
        assertEquals(1, event.schemaVersion());
        assertEquals("run-9", event.correlationId());
        assertEquals("house-prices", event.subject());
        assertEquals(payload, event.payload());
        assertTrue(!event.occurredAt().isBefore(before) && !event.occurredAt().isAfter(Instant.now()));
        assertEquals(0, event.occurredAt().getNano() % 1_000_000, "occurredAt is truncated to millis");
    }

    @Test
    void ofWithoutSubjectUsesThePayloadModelGroup() {
        EventEnvelope<ModelApproved> approved = EventEnvelope.of("run-9",
                new ModelApproved("churn", 3, ExpectedEvents.modelArtifact(), "alice", "ok", Instant.now(),
                        ApprovalStatus.PendingManualApproval));

        assertEquals("churn", approved.subject());
        assertEquals(EventType.MODEL_APPROVED, approved.type());
    }

    @Test
    void eachEventGetsItsOwnId() {
        RunFailed payload = new RunFailed("run-9", "house-prices", "tuning", "boom");

        assertNotEquals(EventEnvelope.of("run-9", payload).eventId(), EventEnvelope.of("run-9", payload).eventId());
    }

    @Test
    void freshEventDecodesToAnEqualRecord() {
        EventCodec codec = new EventCodec();
        EventEnvelope<TuningCompleted> event = EventEnvelope.of(ExpectedEvents.RUN_ID, ExpectedEvents.tuningCompleted());

        assertEquals(event, codec.decode(codec.encode(event), TuningCompleted.class));
    }

    @Test
    void ofRequiresAPayload() {
        assertThrows(NullPointerException.class, () -> EventEnvelope.of("house-prices", "run-9", null));
    }

    @Test
    void collectionsInPayloadsCannotBeChangedAfterCreation() {
        List<String> features = new ArrayList<>(List.of("sqft_living"));
        DatasetReady base = ExpectedEvents.datasetReady();
        Lineage l = base.lineage();
        Lineage lineage = new Lineage(l.layer(), l.query(), l.queryParameters(), l.window(), l.labelColumn(), features,
                l.splits());

        features.add("bedrooms");

        assertEquals(List.of("sqft_living"), lineage.featureNames());
        assertThrows(UnsupportedOperationException.class, () -> lineage.featureNames().add("zip_code"));
        assertThrows(UnsupportedOperationException.class,
                () -> ExpectedEvents.tuningCompleted().testMetrics().put("auc", 0.5));
    }
}
