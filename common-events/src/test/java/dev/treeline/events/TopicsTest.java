package dev.treeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyEventTypeMapsToAListedTopic() {
        for (EventType type : EventType.values()) {
            assertTrue(Topics.all().contains(type.topic()), type + " uses unlisted topic " + type.topic());
        }
    }

    @Test
    void everyListedTopicCarriesSomeEvent() {
        Set<String> used = Arrays.stream(EventType.values()).map(EventType::topic).collect(Collectors.toSet());

        assertEquals(new HashSet<>(Topics.all()), used);
    }

    @Test
    void registryChangesShareOneTopicSoTheyStayInOrder() {
        assertEquals(Topics.MODEL_PACKAGES, EventType.MODEL_APPROVED.topic());
        assertEquals(Topics.MODEL_PACKAGES, EventType.MODEL_REJECTED.topic());
        assertEquals(Topics.MODEL_PACKAGES, EventType.MODEL_REGISTERED.topic());
        Set<EventType> onRegistryTopic = Arrays.stream(EventType.values())
                .filter(t -> t.topic().equals(Topics.MODEL_PACKAGES))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));
        assertEquals(EnumSet.of(EventType.MODEL_REGISTERED, EventType.MODEL_APPROVED, EventType.MODEL_REJECTED,
                        EventType.MODEL_GROUP_CHANGED),
                onRegistryTopic);
    }

    @Test
    void topicNamesAreTheAgreedOnes() {
        assertEquals(List.of("treeline.retrain-requests", "treeline.drift-alerts", "treeline.datasets",
                "treeline.tuning", "treeline.model-packages", "treeline.deployments", "treeline.run-failures",
                "treeline.access-keys", "treeline.model-definitions"),
                Topics.all());
        assertEquals(Topics.DEPLOYMENTS, EventType.DEPLOYMENT_FAILED.topic());
        assertEquals(Topics.DRIFT_ALERTS, EventType.DRIFT_DETECTED.topic());
    }

    @Test
    void deadLetterTopicAppendsDlq() {
        assertEquals("treeline.datasets.dlq", Topics.deadLetter(Topics.DATASETS));
        assertEquals("treeline.model-packages.dlq", Topics.deadLetter(Topics.MODEL_PACKAGES));
    }

    @Test
    void deadLetterOfABlankTopicIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Topics.deadLetter(" "));
        assertThrows(IllegalArgumentException.class, () -> Topics.deadLetter(null));
    }
}
