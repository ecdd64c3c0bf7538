package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

    @ParameterizedTest
    @EnumSource(EventType.class)
    void typeIsFoundByWireNameAndByPayloadClass(EventType type) {
        assertEquals(type.payloadClass().getSimpleName(), type.wireName());
        assertEquals(Optional.of(type), EventType.byName(type.wireName()));
        assertEquals(type, EventType.forPayload(type.payloadClass()));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"DATASET_READY", "TUNING_COMPLETED"}, mode = EnumSource.Mode.EXCLUDE)
    void unchangedTypesAreAtSchemaVersionOneAndReadOnlyThat(EventType type) {
        assertEquals(1, type.schemaVersion());
        assertTrue(type.readsSchemaVersion(1));
        assertTrue(!type.readsSchemaVersion(2));
        assertEquals("1", type.readableVersions());
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"TUNING_COMPLETED"})
    void lineageTypesWriteVersionTwoAndStillReadVersionOne(EventType type) {
        assertEquals(2, type.schemaVersion());
        assertTrue(type.readsSchemaVersion(1));
        assertTrue(type.readsSchemaVersion(2));
        assertTrue(!type.readsSchemaVersion(3));
        assertTrue(!type.readsSchemaVersion(0));
        assertEquals("1 to 2", type.readableVersions());
    }

    @Test
    void datasetReadyWritesVersionThreeAndStillReadsOneAndTwo() {
        EventType type = EventType.DATASET_READY;
        assertEquals(3, type.schemaVersion());
        assertTrue(type.readsSchemaVersion(1));
        assertTrue(type.readsSchemaVersion(2));
        assertTrue(type.readsSchemaVersion(3));
        assertTrue(!type.readsSchemaVersion(4));
        assertEquals("1 to 3", type.readableVersions());
    }

    @Test
    void unknownOrDifferentlyCasedNamesAreNotFound() {
        assertEquals(Optional.empty(), EventType.byName("RunExploded"));
        assertEquals(Optional.empty(), EventType.byName("DATASET_READY"));
        assertEquals(Optional.empty(), EventType.byName(null));
    }

    @Test
    void everyPayloadClassHasExactlyOneType() {
        Set<Class<?>> permitted = Set.of(EventPayload.class.getPermittedSubclasses());
        Set<Class<?>> typed = Arrays.stream(EventType.values()).map(EventType::payloadClass).collect(Collectors.toSet());

        assertEquals(permitted, typed);
        assertEquals(EventType.values().length, typed.size());
    }
}
