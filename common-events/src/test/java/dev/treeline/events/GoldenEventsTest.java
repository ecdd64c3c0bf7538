package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
        assertEquals(1, encoded.get("schemaVersion").intValue());
        assertEquals("house-prices", encoded.get("subject").asText());
    }

    @Test
    void datasetReadyGoldenCarriesSplitLocationsAndHashes() {
        DatasetReady payload = codec.decode(ExpectedEvents.golden(EventType.DATASET_READY), DatasetReady.class)
                .payload();

        assertEquals("datasets/house-prices/31a446e5-d374-473b-8b6f-a3fd266a6fd6/train.csv",
                payload.splits().train().key());
        assertEquals(ExpectedEvents.TRAIN_SHA, payload.splits().train().sha256());
        assertEquals(16000L, payload.splits().train().rows());
        assertEquals(null, payload.splits().validation().versionId());
        assertEquals(List.of("sqft_living", "bedrooms", "bathrooms", "year_built", "zip_code"), payload.featureNames());
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
