package dev.treeline.registry.deployment;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import dev.treeline.events.EventType;

/**
 * Stores an event type by its wire name ({@code ModelDeployed}), as the deployment history always has,
 * rather than by its constant's name.
 */
@Converter
public class EventTypeColumn implements AttributeConverter<EventType, String> {

    @Override
    public String convertToDatabaseColumn(EventType type) {
        return type == null ? null : type.wireName();
    }

    @Override
    public EventType convertToEntityAttribute(String wireName) {
        if (wireName == null) {
            return null;
        }
        return EventType.byName(wireName)
                .orElseThrow(() -> new IllegalStateException("stored event type '" + wireName + "' is unknown"));
    }
}
