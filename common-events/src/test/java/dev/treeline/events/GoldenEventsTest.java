package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written files in src/test/resources/golden are the contract other services rely on. */
class GoldenEventsTest {

    private final EventCodec codec = new EventCodec();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void goldenJsonDecodesToTheExpectedRecord(EventType type) {
        EventEnvelope<?> decoded = codec.decode(ExpectedEvents.golden(type));

        assertEquals(ExpectedEvents.expected(type), decoded);
        assertEquals(type, decoded.type());
        assertEquals(type.payloadClass(), decoded.payload().getClass());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void expectedRecordEncodesToTheGoldenJson(EventType type) {
        JsonNode golden = Json.golden(type);
        JsonNode encoded = Json.tree(codec.encode(ExpectedEvents.expected(type)));

        assertTrue(Json.sameTree(golden, encoded),
                () -> "encoded " + type.wireName() + " differs from golden file:\nexpected " + golden
                        + "\nactual   " + encoded);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void envelopeCarriesTypeNameAndSchemaVersionOnTheWire(EventType type) {
        JsonNode encoded = Json.tree(codec.encode(ExpectedEvents.expected(type)));

        assertEquals(type.wireName(), encoded.get("type").asText());
        assertEquals(type.schemaVersion(), encoded.get("schemaVersion").intValue());
        assertEquals(type == EventType.ACCESS_KEYS_CHANGED ? AccessKeysChanged.SUBJECT : "house-prices",
                encoded.get("subject").asText());
    }

    @Test
    void datasetReadyGoldenCarriesSplitLocationsAndHashes() {
        DatasetReady payload = codec.decode(ExpectedEvents.golden(EventType.DATASET_READY), DatasetReady.class)
                .payload();

        assertEquals("datasets/house-prices/31a446e5-d374-473b-8b6f-a3fd266a6fd6/train.csv",
                payload.lineage().splits().train().key());
        assertEquals(ExpectedEvents.TRAIN_SHA, payload.lineage().splits().train().sha256());
        assertEquals(16000L, payload.lineage().splits().train().rows());
        assertEquals(null, payload.lineage().splits().validation().versionId());
        assertEquals(List.of("sqft_living", "bedrooms", "bathrooms", "year_built", "zip_code"), payload.lineage().featureNames());
    }

    /** A consumer upgraded before its producers reads what they still publish (rolling upgrade). */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"DATASET_READY", "TUNING_COMPLETED"})
    void previousSchemaVersionIsUpcastToTheCurrentRecord(EventType type) {
        EventEnvelope<?> decoded = codec.decode(ExpectedEvents.golden(type, 1));

        assertEquals(type.schemaVersion(), decoded.schemaVersion());
        if (type == EventType.TUNING_COMPLETED) {
            // version 1 did not carry the label column; everything else arrives as a version-2 producer writes it
            TuningCompleted expected = (TuningCompleted) ExpectedEvents.expected(type).payload();
            Lineage l = expected.lineage();
            Lineage withoutLabel = new Lineage(l.layer(), l.query(), l.queryParameters(), l.window(), null,
                    l.featureNames(), ExpectedEvents.withoutSchema(l).splits());
            assertEquals(withoutLabel, ((TuningCompleted) decoded.payload()).lineage());
            assertEquals(expected.artifact(), ((TuningCompleted) decoded.payload()).artifact());
            assertEquals(expected.bestHyperparameters(), ((TuningCompleted) decoded.payload()).bestHyperparameters());
        } else {
            // version 1 had no tuning section: it arrives with every default, as version 2 does
            assertEquals(ExpectedEvents.datasetReadyUpcast(), decoded.payload());
        }
    }

    @Test
    void datasetReadyVersionTwoGetsTheObjectivesMetricAndEveryTuningDefault() {
        EventEnvelope<?> decoded = codec.decode(ExpectedEvents.golden(EventType.DATASET_READY, 2));

        assertEquals(3, decoded.schemaVersion());
        assertEquals(ExpectedEvents.datasetReadyUpcast(), decoded.payload());
        assertEquals(30, ((DatasetReady) decoded.payload()).tuning().maxTrials());
    }

    @Test
    void upcastEventIsReEncodedInTheCurrentVersion() {
        EventEnvelope<?> decoded = codec.decode(ExpectedEvents.golden(EventType.DATASET_READY, 1));

        JsonNode reEncoded = Json.tree(codec.encode(decoded));
        assertEquals(3, reEncoded.get("schemaVersion").intValue());
        JsonNode lineage = Json.golden(EventType.DATASET_READY).at("/payload/lineage").deepCopy();
        ((ObjectNode) lineage.get("splits")).remove("schema"); // version 1 predates the schema file
        assertEquals(lineage, reEncoded.at("/payload/lineage"));
        assertEquals(30, reEncoded.at("/payload/tuning/max-trials").intValue());
    }

    @Test
    void previousSchemaVersionIsStillValidatedUnderTheNewPaths() {
        ObjectNode v1 = (ObjectNode) Json.tree(ExpectedEvents.golden(EventType.DATASET_READY, 1));
        ((ObjectNode) v1.get("payload")).remove("query");

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(Json.bytes(v1)));

        assertEquals(List.of("payload.lineage.query: must not be blank"), e.problems());
    }

    @Test
    void instantsAreWrittenAsIsoTextWithMillis() {
        JsonNode encoded = Json.tree(codec.encode(ExpectedEvents.expected(EventType.MODEL_APPROVED)));

        assertEquals("2026-11-24T13:40:00.312Z", encoded.get("occurredAt").asText());
        assertEquals("2026-11-24T13:40:00.250Z", encoded.at("/payload/at").asText());
    }

    @Test
    void sameEventEncodesToSameBytesWithMapKeysSorted() {
        EventEnvelope<?> event = ExpectedEvents.expected(EventType.TUNING_COMPLETED);

        byte[] first = codec.encode(event);
        assertArrayEquals(first, codec.encode(event));
        List<String> keys = iterableToList(Json.tree(first).at("/payload/bestHyperparameters").fieldNames());
        assertEquals(List.of("eta", "max_depth", "min_child_weight", "num_round", "subsample"), keys);
    }

    private static List<String> iterableToList(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
