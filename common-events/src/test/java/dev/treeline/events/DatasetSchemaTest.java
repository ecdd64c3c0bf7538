package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class DatasetSchemaTest {

    private static final DatasetSchema TICKETS = new DatasetSchema(DatasetSchema.VERSION, List.of(
            DatasetSchema.Feature.numeric("words"),
            DatasetSchema.Feature.categorical("customer_tier", List.of("gold", "silver", "bronze"))),
            new DatasetSchema.Label("priority", List.of("low", "medium", "high")), null, null);

    @Test
    void theJsonIsCompactAndStable() {
        assertEquals("{\"version\":1,\"features\":[{\"name\":\"words\",\"type\":\"numeric\",\"categories\":[]},"
                + "{\"name\":\"customer_tier\",\"type\":\"categorical\",\"categories\":[\"gold\",\"silver\",\"bronze\"]}],"
                + "\"label\":{\"name\":\"priority\",\"classes\":[\"low\",\"medium\",\"high\"]}}",
                new String(TICKETS.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void readingBackGivesTheSameSchema() {
        assertEquals(TICKETS, DatasetSchema.fromJson(TICKETS.toJson()));
    }

    @Test
    void xgboostFeatureTypesFollowTheFeatures() {
        assertArrayEquals(new String[] {"q", "c"}, TICKETS.xgboostFeatureTypes());
        assertTrue(TICKETS.hasCategoricalFeatures());
        assertTrue(TICKETS.label().isText());
        assertEquals(1, TICKETS.leadingColumns());
    }

    @Test
    void aNumericDatasetHasNoCategoriesNorClasses() {
        DatasetSchema numeric = DatasetSchema.numeric("price", List.of("size", "rooms"));
        assertFalse(numeric.hasCategoricalFeatures());
        assertFalse(numeric.label().isText());
        assertEquals(List.of("size", "rooms"), numeric.featureNames());
    }

    @Test
    void weightAndGroupComeBeforeTheFeatures() {
        DatasetSchema ranked = new DatasetSchema(1, List.of(DatasetSchema.Feature.numeric("f")),
                new DatasetSchema.Label("relevance", List.of()), "w", "query_id");
        assertEquals(3, ranked.leadingColumns());
    }

    @Test
    void somethingElseIsNotASchema() {
        assertThrows(IllegalArgumentException.class, () -> DatasetSchema.fromJson("{\"version\":1}"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSchema.fromJson("not json"));
    }
}
