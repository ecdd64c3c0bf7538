package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Events this build cannot read are rejected with a reason a person can act on. */
class DecodeRejectionTest {

    private static final String KNOWN = "RetrainRequested, DriftDetected, DatasetReady, TuningCompleted, "
            + "ModelRegistered, ModelApproved, ModelRejected, ModelDeployed, DeploymentFailed, ModelUndeployed, RunFailed, AccessKeysChanged, ModelDefinitionChanged, ModelGroupChanged";

    private final EventCodec codec = new EventCodec();

    @Test
    void unknownSchemaVersionIsRejectedWithClearMessage() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        event.put("schemaVersion", 7);

        assertEquals("DatasetReady schemaVersion 7 is not supported; this build reads schemaVersion 1 to 3",
                decodeFails(Json.bytes(event)).getMessage());
    }

    @Test
    void missingSchemaVersionIsRejected() {
        ObjectNode event = Json.golden(EventType.DATASET_READY);
        event.remove("schemaVersion");

        assertEquals("DatasetReady event 9fe77981-bb6a-4e7c-a3bb-40d04daed116 has no schemaVersion;"
                + " this build reads schemaVersion 1 to 3", decodeFails(Json.bytes(event)).getMessage());
    }

    @Test
    void nonNumericSchemaVersionIsRejected() {
        ObjectNode event = Json.golden(EventType.RUN_FAILED);
        event.put("schemaVersion", "1");

        assertEquals("RunFailed schemaVersion \"1\" is not a whole number; this build reads schemaVersion 1",
                decodeFails(Json.bytes(event)).getMessage());
    }

    @Test
    void unknownTypeIsRejectedListingKnownTypes() {
        ObjectNode event = Json.golden(EventType.RUN_FAILED);
        event.put("type", "RunExploded");

        assertEquals("unknown event type 'RunExploded' in event c5a1d0e2-7b3f-4e19-8d64-2f0a9b8c7e51;"
                + " this build knows: " + KNOWN, decodeFails(Json.bytes(event)).getMessage());
    }

    @Test
    void missingTypeIsRejected() {
        ObjectNode event = Json.golden(EventType.RUN_FAILED);
        event.remove("type");

        assertEquals("event c5a1d0e2-7b3f-4e19-8d64-2f0a9b8c7e51 has no type; this build knows: " + KNOWN,
                decodeFails(Json.bytes(event)).getMessage());
    }

    @Test
    void malformedJsonIsRejected() {
        InvalidEventException e = decodeFails("{\"eventId\": \"239b5903\", \"type\": ".getBytes(StandardCharsets.UTF_8));

        assertTrue(e.getMessage().startsWith("not valid JSON: "), e.getMessage());
        assertTrue(e.getMessage().contains("(line 1, column "), e.getMessage());
    }

    @Test
    void emptyInputIsRejected() {
        assertEquals("not valid JSON: empty input", decodeFails(new byte[0]).getMessage());
        assertEquals("not valid JSON: empty input", decodeFails("  \n".getBytes(StandardCharsets.UTF_8)).getMessage());
    }

    @Test
    void trailingContentAfterTheEventIsRejected() {
        byte[] golden = ExpectedEvents.golden(EventType.RUN_FAILED);
        byte[] withTrailer = (new String(golden, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);

        assertTrue(decodeFails(withTrailer).getMessage().startsWith("not valid JSON: "));
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        assertEquals("an event must be a JSON object, not ARRAY",
                decodeFails("[1, 2]".getBytes(StandardCharsets.UTF_8)).getMessage());
    }

    @Test
    void decodeWithTheWrongExpectedClassIsRejected() {
        byte[] rejected = ExpectedEvents.golden(EventType.MODEL_REJECTED);

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> codec.decode(rejected, ModelApproved.class));

        assertEquals("expected a ModelApproved event but event fd907483-30b3-4a10-bafe-5d4963e7d04e is ModelRejected",
                e.getMessage());
    }

    @Test
    void decodeWithTheExpectedClassReturnsATypedEvent() {
        EventEnvelope<ModelApproved> approved =
                codec.decode(ExpectedEvents.golden(EventType.MODEL_APPROVED), ModelApproved.class);

        assertEquals("alice@example.com", approved.payload().by());
        assertEquals(7, approved.payload().version());
        assertEquals(ApprovalStatus.PendingManualApproval, approved.payload().previousStatus());
    }

    private InvalidEventException decodeFails(byte[] json) {
        return assertThrows(InvalidEventException.class, () -> codec.decode(json));
    }
}
