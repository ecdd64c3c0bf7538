package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invalid events are refused in both directions with a message that names each field. */
class EventValidationTest {

    private static final String DATASET_HEADING = "invalid DatasetReady event 9fe77981-bb6a-4e7c-a3bb-40d04daed116: ";
    private static final String TUNING_HEADING = "invalid TuningCompleted event 01ee7a10-27db-46b8-8027-ee3ae7b01010: ";

    private final EventCodec codec = new EventCodec();

    @Test
    void invalidModelNameIsRejectedNamingTheField() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        event.put("subject", "House_Prices/../x");
        payload(event).put("model", "House_Prices/../x");

        InvalidEventException e = decodeFails(event);

        String rule = "must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit";
        assertEquals(List.of("payload.model: " + rule, "subject: " + rule), e.problems());
    }

    @Test
    void badSha256IsRejectedNamingTheField() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        ((ObjectNode) event.at("/payload/lineage/splits/train")).put("sha256", "18DE8314");

        InvalidEventException e = decodeFails(event);

        assertEquals(DATASET_HEADING + "payload.lineage.splits.train.sha256: must be 64 lowercase hex characters",
                e.getMessage());
    }

    @Test
    void windowStartAfterEndIsRejected() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        ((ObjectNode) event.at("/payload/lineage/window")).put("start", "2026-11-24").put("end", "2026-11-23");

        InvalidEventException e = decodeFails(event);

        assertEquals(DATASET_HEADING + "payload.lineage.window.startNotAfterEnd: date window start must not be after end",
                e.getMessage());
    }

    @Test
    void missingPayloadFieldIsRejectedNamingTheField() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        ((ObjectNode) event.at("/payload/lineage")).remove("labelColumn");

        InvalidEventException e = decodeFails(event);

        assertEquals(DATASET_HEADING + "payload.labelColumnGiven: lineage.labelColumn must not be blank: a dataset"
                + " always names its label", e.getMessage());
    }

    @Test
    void zeroTrialCountIsRejected() {
        ObjectNode event = Json.golden(EventType.TUNING_COMPLETED);
        payload(event).put("trialCount", 0);

        InvalidEventException e = decodeFails(event);

        assertEquals(TUNING_HEADING + "payload.trialCount: must be greater than or equal to 1", e.getMessage());
    }

    @Test
    void missingPrimitiveIsReportedInsteadOfDefaultingToZero() {
        ObjectNode event = Json.golden(EventType.TUNING_COMPLETED);
        payload(event).remove("trialCount");
        ((ObjectNode) event.at("/payload/artifact")).putNull("bytes");

        InvalidEventException e = decodeFails(event);

        assertEquals(List.of("payload.trialCount: is missing", "payload.artifact.bytes: must not be null"),
                e.problems());
    }

    @Test
    void everyViolationIsListedSortedByPath() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        event.put("correlationId", " ");
        ((ObjectNode) event.at("/payload/lineage")).remove("query");
        ((ObjectNode) event.at("/payload/lineage/splits/test")).put("bytes", -1);
        ((ArrayNode) event.at("/payload/lineage/featureNames")).set(1, "");

        InvalidEventException e = decodeFails(event);

        assertEquals(List.of(
                "correlationId: must not be blank",
                "payload.lineage.featureNames[1]: must not be blank",
                "payload.lineage.query: must not be blank",
                "payload.lineage.splits.test.bytes: must be greater than or equal to 0"), e.problems());
        assertTrue(e.getMessage().startsWith(DATASET_HEADING + "correlationId: must not be blank; "));
    }

    @Test
    void emptyFeatureListIsRejected() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        ((ObjectNode) event.at("/payload/lineage")).putArray("featureNames");

        assertEquals(DATASET_HEADING + "payload.lineage.featureNames: must not be empty", decodeFails(event).getMessage());
    }

    @Test
    void nullMetricValueIsReportedWithItsKey() {
        ObjectNode event = Json.golden(EventType.TUNING_COMPLETED);
        ((ObjectNode) event.at("/payload/testMetrics")).putNull("rmse");

        assertEquals(TUNING_HEADING + "payload.testMetrics[rmse]: must not be null", decodeFails(event).getMessage());
    }

    @Test
    void warmStartWithoutParentsIsRejected() {
        ObjectNode event = Json.golden(EventType.TUNING_COMPLETED);
        payload(event).putArray("parentTuningJobs");

        assertEquals(TUNING_HEADING + "payload.warmStartConsistent: warm start type NONE takes no parent tuning jobs,"
                + " other warm start types need at least one", decodeFails(event).getMessage());
    }

    @Test
    void unknownEnumValueIsRejectedListingAllowedValues() {
        ObjectNode event = Json.golden(EventType.RETRAIN_REQUESTED);
        payload(event).put("reason", "WHENEVER");

        assertEquals("invalid RetrainRequested event 239b5903-31d7-4a3b-a9e4-714b12846d38: "
                + "payload.reason: 'WHENEVER' is not one of [SCHEDULE, DRIFT, MANUAL]", decodeFails(event).getMessage());
    }

    @Test
    void wrongValueTypeIsRejectedNamingTheField() {
        ObjectNode event = Json.golden(EventType.TUNING_COMPLETED);
        payload(event).put("trialCount", "twenty");

        assertEquals(TUNING_HEADING + "payload.trialCount: cannot read 'twenty' as int",
                decodeFails(event).getMessage());
    }

    @Test
    void malformedEventIdIsRejectedNamingTheField() {
        ObjectNode event = Json.golden(EventType.RUN_FAILED);
        event.put("eventId", "not-a-uuid");

        assertEquals("invalid RunFailed event not-a-uuid: eventId: cannot read 'not-a-uuid' as UUID",
                decodeFails(event).getMessage());
    }

    @Test
    void subjectMustBeThePayloadModelGroup() {
        ObjectNode event = Json.golden(EventType.MODEL_DEPLOYED);
        event.put("subject", "churn");

        assertEquals(List.of("subject: 'churn' must equal the payload's model group 'house-prices'"
                + " (it is the Kafka key that keeps one model's events in order)"), decodeFails(event).problems());
    }

    @Test
    void encodeRefusesToPublishAnInvalidEvent() {
        ArtifactRef badArtifact = new ArtifactRef("treeline-models", "models/house-prices/model.ubj",
                "not-a-hash", -5, null, null);
        EventEnvelope<ModelRegistered> event = EventEnvelope.of("run-1",
                new ModelRegistered("house-prices", 0, ApprovalStatus.PendingManualApproval, badArtifact,
                        Map.of(), "run-1", "hp-job", true));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.encode(event));

        assertEquals(List.of(
                "payload.artifact.bytes: must be greater than or equal to 0",
                "payload.artifact.format: must not be null",
                "payload.artifact.sha256: must be 64 lowercase hex characters",
                "payload.version: must be greater than or equal to 1"), e.problems());
        assertTrue(e.getMessage().startsWith("invalid ModelRegistered event " + event.eventId() + ": "));
    }

    @Test
    void encodeRefusesATypeThatDoesNotMatchThePayload() {
        EventEnvelope<?> rejected = ExpectedEvents.expected(EventType.MODEL_REJECTED);
        EventEnvelope<?> mislabelled = new EventEnvelope<>(rejected.eventId(), EventType.MODEL_APPROVED, 1,
                rejected.occurredAt(), rejected.correlationId(), rejected.subject(), rejected.payload());

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.encode(mislabelled));

        assertEquals(List.of("type: ModelApproved does not match the payload, which is a ModelRejected"),
                e.problems());
    }

    @Test
    void encodeRefusesASchemaVersionThisBuildDoesNotWrite() {
        EventEnvelope<?> ok = ExpectedEvents.expected(EventType.RUN_FAILED);
        EventEnvelope<?> future = new EventEnvelope<>(ok.eventId(), ok.type(), 2, ok.occurredAt(),
                ok.correlationId(), ok.subject(), ok.payload());

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.encode(future));

        assertEquals(List.of("schemaVersion: 2 is not supported; this build uses 1"), e.problems());
    }

    @Test
    void missingPayloadIsRejected() {
        EventEnvelope<RunFailed> event = new EventEnvelope<>(java.util.UUID.randomUUID(), EventType.RUN_FAILED, 1,
                java.time.Instant.now(), "run-1", "house-prices", null);

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.validate(event));

        assertEquals(List.of("payload: must not be null"), e.problems());
    }

    @Test
    void validEventPassesValidation() {
        for (EventType type : EventType.values()) {
            codec.validate(ExpectedEvents.expected(type));
        }
        assertFalse(codec.encode(ExpectedEvents.expected(EventType.RUN_FAILED)).length == 0);
    }

    private InvalidEventException decodeFails(ObjectNode event) {
        return assertThrows(InvalidEventException.class, () -> codec.decode(Json.bytes(event)));
    }

    private static ObjectNode payload(ObjectNode event) {
        return (ObjectNode) event.get("payload");
    }
}
